/** The save form's meeting fields for a board pack saved in a test. */
export const MEETING_FIELDS = {
  meetingName: 'Force improvement board',
  meetingDay: '27',
  meetingMonth: '11',
  meetingYear: '2026',
};
