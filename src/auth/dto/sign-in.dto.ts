import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SignInDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'Enter your username' })
  @MaxLength(100, { message: 'Enter a correct username and password' })
  username: string;

  @IsString({ message: 'Enter your password' })
  @MaxLength(200, { message: 'Enter a correct username and password' })
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  returnTo?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  _csrf?: string;
}

export class SignInQuery {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  returnTo?: string;
}
