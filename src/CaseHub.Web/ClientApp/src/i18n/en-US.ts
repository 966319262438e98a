import type { Messages } from './zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const enUS: Shape<Messages> = {
  app: { name: 'CaseHub', short: 'CaseHub' },
  common: {
    loading: 'Loading…', save: 'Save', submit: 'Submit', cancel: 'Cancel', confirm: 'OK', close: 'Close', search: 'Search',
    refresh: 'Refresh', reset: 'Reset', actions: 'Actions', none: 'None', unknown: 'Unknown', yes: 'Yes', no: 'No', back: 'Back',
    failed: 'The request failed', done: 'Done', required: 'Required', details: 'Details', all: 'All', open: 'Open',
  },
  lang: { label: 'Language', zh: '中文', en: 'English' },
  menu: { dispatch: 'Command centre', inbox: 'Department inbox', supervision: 'Supervision', audit: 'Audit log', cases: 'Find a case' },
  roles: {
    Dispatcher: 'Dispatcher', Handler: 'Handler', Supervisor: 'Supervisor', WorkflowAdmin: 'Workflow admin', GridWorker: 'Grid worker',
    Auditor: 'Auditor', SystemAdmin: 'System admin',
  },
  auth: {
    title: 'Sign in', userName: 'User name', password: 'Password', signIn: 'Sign in', signOut: 'Sign out',
    demoHint: 'Demo users: dispatcher, h.lb-cg (department code in lower case), supervisor, wfadmin, auditor, admin; password CaseHub!2026',
    failed: 'Wrong user name or password', sessionExpired: 'Your session has expired; please sign in again',
  },
  errors: {
    forbiddenTitle: 'No permission', forbidden: 'Your role or jurisdiction may not see this page.',
    notFoundTitle: 'Page not found', notFound: 'The page you asked for does not exist.', caseNotFound: 'No such case.',
    generic: 'The request failed', home: 'Home',
  },
  time: {
    days: '{{count}}d', hours: '{{count}}h', minutes: '{{count}}m', separator: ' ',
    remaining: '{{span}} left (working time)', overdue: '{{span}} overdue (working time)', waiting: 'waiting {{span}}',
  },
  card: { Blue: 'Blue card', Yellow: 'Yellow card', Red: 'Red card', none: '—' },
  kind: { Enquiry: 'Enquiry', HelpRequest: 'Help request', Complaint: 'Complaint', Report: 'Report', Suggestion: 'Suggestion' },
  channel: {
    Hotline: '12345 hotline', CitizenApp: 'Citizen report', GridPatrol: 'Grid patrol', Whistle: 'Whistle-blow', Sensor: 'Sensor alert',
    PublicOpinion: 'Public opinion', Open311: 'Open311',
  },
  status: {
    New: 'New', PendingDispatch: 'Awaiting dispatch', Dispatched: 'Dispatched', Accepted: 'Accepted', Completed: 'Completed',
    Closed: 'Closed', Merged: 'Merged', Cancelled: 'Cancelled',
  },
  stage: { Dispatch: 'Dispatch', Accept: 'Accept', FirstContact: 'First contact', Completion: 'Completion', Callback: 'Callback' },
  notice: {
    order: 'Order', reminder: 'Reminder', 'card.blue': 'Blue card', 'card.yellow': 'Yellow card', 'card.red': 'Red card', escalated: 'Escalated',
    'extension.requested': 'Extension request', 'extension.decided': 'Extension decided',
  },
  satisfaction: { Satisfied: 'Satisfied', PartlySatisfied: 'Partly satisfied', NotSatisfied: 'Not satisfied' },
  cases: {
    lookupTitle: 'Find a case', lookupPlaceholder: 'Tracking number or case id', trackingNumber: 'Tracking number', title: 'Title',
    kind: 'Kind', grade: 'Grade', status: 'Status', channel: 'Channel', description: 'Description', address: 'Address',
    location: 'Coordinates', complainant: 'Complainant', name: 'Name', phone: 'Phone', idNumber: 'ID number', masked: 'masked',
    receivedAt: 'Received', occurredAt: 'Occurred', dispatchedAt: 'Dispatched', acceptedAt: 'Accepted', dueAt: 'Due',
    closedAt: 'Closed', reply: 'Reply', repliedAt: 'Replied', reopenCount: 'Reopened', callback: 'Callback',
    callbackResolved: 'Resolved', attachments: 'Attachments', item: 'Item', department: 'Department', jurisdiction: 'Jurisdiction',
    grid: 'Grid', duplicateOf: 'Duplicate of', probableDuplicateOf: 'Probable duplicate of', facts: 'Case', clocks: 'Stage clocks',
    timeline: 'Timeline', map: 'Location', noMap: 'No location', workflowDiagram: 'Workflow', noWorkflow: 'This case has no workflow', waitingHere: 'Waiting here', stageCol: 'Stage', limit: 'Limit', remaining: 'Remaining',
    cards: 'Cards', clockOpen: 'running', clockPaused: 'paused', clockMet: 'met', onTime: 'on time', late: 'late',
    workflow: 'Workflow instance',
  },
  unit: { Minutes: 'minutes', WorkingHours: 'working hours', WorkingDays: 'working days' },
  actions: {
    remind: 'Remind', order: 'Supervision order', escalate: 'Escalate', suspend: 'Suspend', resume: 'Resume clock', extension: 'Request extension',
    contact: 'Log contact', reminderText: 'Reminder', demand: 'Demand', orderDue: 'Answer by', note: 'Note', reason: 'Reason',
    requestedDueAt: 'Extend to', stage: 'Stage', done: 'Submitted', resumed: 'Clock resumed',
  },
  dispatch: {
    title: 'Dispatcher workbench', queues: { new: 'New', unmatched: 'Unmatched', returned: 'Returned', duplicates: 'Duplicates', escalated: 'Escalated' },
    oldest: 'oldest {{span}}', searchPlaceholder: 'Tracking number or words (/)', waiting: 'Waiting', holder: 'Held by',
    unclaimed: 'unclaimed', claim: 'Claim', claimed: 'Claimed', release: 'Release', heldBy: 'Already claimed by {{user}}',
    dispatch: 'Dispatch', merge: 'Merge', escalate: 'Escalate', intake: 'New call', shortcuts: 'Shortcuts',
    drawerTitle: 'Dispatch: {{title}}', itemPicker: 'Item', itemSearch: 'Search item names or codes', suggestions: 'Suggestions',
    confidence: '{{value}}% confidence', departmentPicker: 'Department', ruleSuggestion: 'Rule suggests {{name}}',
    overrideReason: 'Reason for the override', overrideReasonHelp: 'Required when not following the rule suggestion', overrideReasonHint: 'Optional when you follow the rule suggestion', dispatched: 'Dispatched to {{name}}',
    mergeTitle: 'Merge a duplicate', mergeParent: 'Merge into (tracking number)', merged: 'Merged', escalateNote: 'Note',
    escalated: 'Escalated', noTask: 'This case has no dispatch task to work on', mustClaim: 'Claim it first',
    help: {
      title: 'Keyboard shortcuts', jk: 'Move the selection down / up', c: 'Claim the selected case', d: 'Open dispatch', o: 'Open the case page', slash: 'Focus the search box',
      n: 'New call', m: 'Merge the selected case', e: 'Escalate the selected case', question: 'Show this help',
    },
  },
  intake: {
    title: 'Record a call', kind: 'Kind', titleField: 'Title', description: 'Description', address: 'Address',
    name: 'Caller name', phone: 'Caller phone', anonymous: 'Anonymous', submit: 'Record (Ctrl+Enter)', created: 'Recorded as {{number}}',
    phoneInvalid: 'Enter a valid phone number', answerAndClose: 'Answer and close now', answerRequired: 'Write the answer given on the phone', answered: 'Enquiry {{number}} answered and closed', answer: 'Answer',
  },
  inbox: {
    title: 'My department', accept: 'Accept', accepted: 'Accepted', complete: 'Complete', completed: 'Completed', return: 'Return',
    returned: 'Returned', result: 'Result', resultHelp: 'At most 4,000 characters', attachments: 'Attachments (file details only)',
    addAttachment: 'Add attachment', fileName: 'File name', contentType: 'Type', size: 'Size (bytes)', returnReason: 'Reason for return',
    extension: 'Request extension', suspend: 'Suspend', respondOrder: 'Answer order', orderId: 'Order', response: 'Answer',
    responded: 'Answered', department: 'Department', orders: 'Supervision orders', noOrders: 'No orders', notifications: 'Notifications',
  },
  supervision: {
    title: 'Supervision board', overdue: 'Overdue cases', stage: 'Stage', department: 'Department', overdueBy: 'Overdue',
    from: 'From', to: 'To', trend: 'Daily trend', cardsByDept: 'Cards by department', ranking: 'Ranking',
    honour: 'Honour roll', blacklist: 'Blacklist', score: 'Score', export: 'Export CSV', alerts: 'Spike alerts',
    acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', day: 'Day', area: 'Area', count: 'Count', threshold: 'Threshold',
    drill: 'Show cases', dispatched: 'Dispatched', completed: 'Completed', dimension: 'Dimension',
    dimensions: { department: 'Department', orgUnit: 'Area', grid: 'Grid' }, rate: { satisfaction: 'Satisfaction', resolution: 'Resolution', response: 'Response' },
    escalations: 'Escalations', extensions: 'Extension requests', approve: 'Approve', reject: 'Reject', decided: 'Decided',
  },
  public: {
    reportTitle: 'Report a problem', statusTitle: 'Check progress', kind: 'Kind', titleField: 'Title',
    description: 'Details', address: 'Address', latitude: 'Latitude', longitude: 'Longitude', useLocation: 'Use my location',
    locating: 'Locating…', locationFailed: 'Could not get your location', photos: 'Photos (file details only)', name: 'Name', phone: 'Mobile',
    phoneInvalid: 'Enter an 11-digit mobile number', submit: 'Submit', submitted: 'Submitted', trackingNumber: 'Tracking number',
    keepNumber: 'Keep the tracking number: with the last 4 digits of your phone it shows the progress.', queryStatus: 'Check progress',
    phoneLast4: 'Last 4 digits of the phone', query: 'Check', notFound: 'No such case: check the tracking number and the digits.',
    stage: 'Status', department: 'Department', reply: 'Reply', noReply: 'No reply yet', rateTitle: 'How satisfied are you?',
    resolved: 'Was the problem solved?', comment: 'Comment', rated: 'Thank you for your rating!', newReport: 'Report another',
  },
  audit: {
    title: 'Audit log', at: 'Time', actor: 'Actor', ip: 'IP address', action: 'Action', entity: 'Entity', entityId: 'Entity id',
    field: 'Field', before: 'Before', after: 'After', range: 'Period', noChanges: 'No field changed',
  },
};

export default enUS;
