import { entityTagsOf } from './finding-versions';

describe('entityTagsOf', () => {
  it('lists the tags of an If-Match header, * included, and none for a missing or empty one', () => {
    expect(entityTagsOf('"7"')).toEqual(['"7"']);
    expect(entityTagsOf(' "7", W/"8" ,"9"')).toEqual(['"7"', 'W/"8"', '"9"']);
    expect(entityTagsOf('*')).toEqual(['*']);
    expect(entityTagsOf(undefined)).toEqual([]);
    expect(entityTagsOf(' , ')).toEqual([]);
  });
});
