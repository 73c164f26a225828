/** Strings of the forms work (issue 15): asking before an export replaces a file, locale notes. */
export default {
  exportReplace: {
    pathHint:
      'An absolute path ending in {ext}. The filters you applied are used. If the file exists, you are asked first.',
    exists: '{file} already exists.',
    question: 'Replace it with this export? Its current content is lost.',
    replace: 'Replace',
    otherName: 'Choose another name',
  },
};
