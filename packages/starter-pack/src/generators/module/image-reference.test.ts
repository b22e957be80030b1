import { explainInvalidImageReference, explainInvalidImageRepository } from './image-reference';

describe('image references', () => {
  it.each(['hello', 'kurtosis-ts/hello-module', 'my_org/a.b__c', 'localhost/x', 'registry.example.com:5000/team/x', 'a-b--c'])(
    'accepts the repository %p',
    (image) => {
      expect(explainInvalidImageRepository('--image', image)).toBeUndefined();
    },
  );

  it.each([
    ['Kurtosis/hello', "'Kurtosis' is not a valid path component"],
    ['a//b', "'' is not a valid path component"],
    ['a/-b', "'-b' is not a valid path component"],
    ['a/b_', "'b_' is not a valid path component"],
    ['', 'the repository is empty'],
    [`a/${'b'.repeat(260)}`, 'characters long'],
    ['bad_host.com:x/y', "'bad_host.com:x' is not a registry host[:port]"],
  ])('refuses the repository %p: %s', (image, why) => {
    const message = explainInvalidImageRepository('--image', image);
    expect(message).toContain(why);
    expect(message).toContain("use an image repository such as 'my-org/my-module'");
  });

  it('refuses a tag or digest on --image: the build tags the image itself', () => {
    expect(explainInvalidImageRepository('--image', 'me/x:1.0')).toContain('without a tag or digest (me/x)');
    expect(explainInvalidImageRepository('--image', `me/x@sha256:${'a'.repeat(64)}`)).toContain('without a tag or digest');
    // A registry port is not a tag.
    expect(explainInvalidImageRepository('--image', 'localhost:5000/x')).toBeUndefined();
  });

  it.each(['kurtosis-ts/example-datastore-server:0.1.0', 'nginx', 'nginx:1.25-alpine', 'localhost:5000/x:v1', `x@sha256:${'f'.repeat(64)}`])(
    'accepts the reference %p',
    (image) => {
      expect(explainInvalidImageReference('--service-image', image)).toBeUndefined();
    },
  );

  it.each([
    ['nginx:', "'' is not a valid tag"],
    ['nginx:-x', "'-x' is not a valid tag"],
    ['x@sha256:zz', "'sha256:zz' is not a valid digest"],
    ['NGINX', "'NGINX' is not a valid path component"],
  ])('refuses the reference %p: %s', (image, why) => {
    expect(explainInvalidImageReference('--service-image', image)).toContain(why);
  });
});
