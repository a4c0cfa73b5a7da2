// The parts of hbs (Express's Handlebars view engine) the tracker uses; hbs ships no types.
declare module 'hbs' {
  import type { HelperDelegate } from 'handlebars';
  const hbs: {
    registerPartial(name: string, template: string): void;
    registerHelper(name: string, helper: HelperDelegate): void;
  };
  export default hbs;
}
