## Layout
skip-to-content = Skip to main content
nav-service = Service
nav-menu = Menu
nav-organisations = Organisations
nav-people = People
nav-outbox = Outbox
nav-audit = Audit log
nav-profile = Your profile
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-sign-up = Create an account
notice-success = Success
notice-important = Important
footer-about = Sweetspot helps governments learn from each other across borders. It is run by the host organisation named at the top of each page.
footer-zone = Times are shown in { $zone }.
verify-banner = Confirm your email address to register an organisation. We sent you a link when you signed up.
verify-resend = Send the link again
continue = Continue
save = Save changes
actions = Actions
column-name = Name
never = Never
warning = Warning
pagination = Pages
pagination-next = Next page
back-to-submissions = Back to the list of submissions
pagination-previous = Previous page
pagination-page = Page { $number }

## Notices after an action
notice-signed-in = You are signed in.
notice-profile-saved = Your profile has been saved.
notice-verification-sent = We sent a new confirmation link to your email address.
notice-token-revoked = The API token has been revoked. Programs using it can no longer sign in.
notice-organisation-registered = Your organisation has been registered.
notice-organisation-registered-zone = Your organisation has been registered. Times are now shown in its country's time zone; you can change that in your profile.
notice-organisation-saved = The organisation's details have been saved.
notice-invitation-sent = The invitation has been sent.
notice-invitation-revoked = The invitation has been withdrawn.
notice-invitation-accepted = Welcome! You have accepted the invitation.
notice-role-changed = The role has been changed.
notice-role-removed = The person no longer has a role here.

## Home
home-title = Sweetspot
home-lead = Turning the blind spots where borders stop governments from working together into sweet spots: government teams with a hard problem meet teams in other countries that have solved something similar.
home-hosts = Incubators
home-no-hosts = No incubator is running here yet.

## Tenant home
tenant-programmes = Programmes
tenant-no-programmes = No programme is open yet. Calls for challenges and solutions will appear here.
tenant-your-organisations = Your organisations
tenant-no-organisations = You are not a member of any organisation here yet. Register your team's organisation, or ask a colleague to invite you.
tenant-verify-to-register = Confirm your email address to register an organisation.
role-here-title = Your role here: { $role }
role-here-admin = You run this incubator: its programmes, calls and themes, the people who work on it and their roles, and the organisations that take part.
role-here-staff = You run this incubator's programmes: open calls, read and select the submissions, and look after the organisations that take part.
role-here-staff-calls = Each programme below lists its calls; a call's page links to its submissions.
role-here-reviewer = You review the entries of selection rounds against the programme's rubric. No entry is assigned to you yet: when staff assign entries in a review round, they appear here and we email you.
role-here-advisor = You sit on the advisory board: you read the programme's selected challenges and the matches proposed between teams, and comment on them. There is nothing to comment on yet: when matches are proposed, they appear here and we email you.
role-here-no-organisations = You are not a member of any government team's organisation here, and you do not need to be for your role.
role-here-also-team = If you also work for a government team taking part, you can
role-here-register = register its organisation
tenant-signed-out = Government teams sign in to register their organisation and take part.

## Accounts
signup-title = Create an account
signup-intro = One account works for every incubator on Sweetspot.
signup-submit = Create account
signup-have-account = Already have an account?
signup-done-title = Check your email
signup-done-body = We sent a message to { $email }. Follow the link in it to confirm your address, then sign in. The link works for 48 hours.
login-title = Sign in
login-submit = Sign in
login-forgot = Forgotten your password?
login-no-account = No account yet?
forgot-title = Reset your password
forgot-intro = Enter the email address of your account. We will send you a link to choose a new password.
forgot-submit = Send the link
forgot-done-title = Check your email
forgot-done-body = If { $email } has an account, we sent it a link to choose a new password. The link works for one hour.
reset-title = Choose a new password
reset-submit = Save new password
reset-done-title = Your password has been changed
reset-done-body = You can now sign in with your new password.
reset-dead-body = This password reset link has expired or has already been used. Ask for a new one.
reset-ask-again = Ask for a new link
link-dead-title = This link no longer works
verify-done-title = Your email address is confirmed
verify-done-body = Thank you. Sign in to register your organisation and take part.
verify-dead-body = This confirmation link has expired or has already been used. Sign in and ask for a new one.
verify-dead-body-signed-in = This confirmation link has expired or has already been used. Use “Send the link again” above to get a new one.
verify-sign-in = Sign in to continue
verify-again-title = Your email address is already confirmed
verify-again-body = This link was used before: there is nothing more to do. Sign in to continue.
verify-other-title = That email address is confirmed
verify-other-body = The link belonged to another account than the one you are signed in with: its owner can now sign in with it. Nothing changed for your own account.
notice-email-confirmed = Your email address is confirmed. Thank you.
notice-email-already-confirmed = Your email address was already confirmed: there is nothing more to do.
profile-title = Your profile
profile-save = Save profile
email-verified = Confirmed
email-unverified = Not confirmed
tokens-title = API tokens
tokens-intro = Programs can use the Sweetspot API on your behalf with a personal token. Treat a token like a password.
tokens-none = You have no API tokens.
tokens-name = Name
tokens-created = Created
tokens-last-used = Last used
tokens-revoke = Revoke
tokens-new-name = Name of a new token
tokens-new-name-hint = For example, the program that will use it.
tokens-create = Create token
token-created-title = Token created
token-created-body = Copy this token now. It will not be shown again.

## Fields
field-display-name = Your name
field-display-name-hint = How colleagues and staff will see you.
field-email = Email address
field-email-hint = Your work address. We will send you a link to confirm it.
field-colleague-email = Your colleague's email address
field-password = Password
field-new-password = New password
field-new-password-hint = At least { $min } characters. A few unrelated words make a strong password.
field-password-confirmation = Type the new password again
field-language = Language
field-time-zone = Time zone
field-time-zone-hint = Dates and times are shown in this zone.
field-organisation-name = Name of the organisation
field-organisation-name-hint = The name of your ministry, agency, city or team.
field-country = Country
field-country-choose = Choose a country
field-level = Level of government
field-website = Website (optional)
field-website-hint = For example, https://www.gov.example
field-role = Role

## Roles and levels
role-admin = Admin
role-admin-hint = Runs the incubator: everything staff can do, plus managing people.
role-staff = Staff
role-staff-hint = Runs calls, selection rounds, matching and the cohort track.
role-reviewer = Reviewer
role-reviewer-hint = Scores submissions in selection rounds.
role-advisor = Advisor
role-advisor-hint = A member of the advisory board: comments on matches and challenges.
level-national = National
level-regional = Regional
level-local = Local
level-international = International

## Organisations
organisations-title = Organisations
organisations-none = There are no organisations yet.
organisations-none-yours = You are not a member of any organisation here.
submission-themes = Themes
organisations-registered = Registered
organisation-register = Register an organisation
organisation-register-intro = Register your government team's organisation. You will be its first member and can invite colleagues.
organisation-caption = Organisation
members-title = Members
members-joined = Joined
members-invite-title = Invite a colleague
members-invite-hint = They will get an email with a link to join this organisation.

## Invitations and people
invitations-open = Open invitations
invitations-none = There are no open invitations.
invitations-expires = expires { $date }
invitations-revoke = Withdraw
invitations-send = Send invitation
invitation-title = Invitation
invitation-body = This invitation for { $email } gives: { $what }.
invitation-accept = Accept invitation
invitation-new-account = Create your account to accept
invitation-create-and-accept = Create account and accept
invitation-have-account = Already have an account with this email address?
invitation-other-account = You are signed in as { $current }, but this invitation was sent to { $email }. Sign out, then open the link again.
invitation-closed = This invitation has expired, was withdrawn or has already been accepted. Ask the person who invited you to send a new one.
people-title = People
people-intro = People with a role in this incubator. Government teams are managed in their organisations.
people-invite-title = Invite someone
people-change-role = Change role
people-role-of = Role of { $name }
people-remove = Remove

## Outbox and audit
outbox-title = Outbox
outbox-intro = Emails this host's pages sent. An invitation shows only its subject and recipient: only the person invited may read its link. Account emails (confirmations, password resets) go to their owner alone and are not listed here.
outbox-none = No emails yet.
outbox-to = To
outbox-queued = Queued
outbox-last-error = Last error
outbox-status-pending = Waiting
outbox-status-sent = Sent
outbox-status-failed = Failed
outbox-secret-hidden = This email contains a private link and is not shown.
audit-title = Audit log
audit-none = Nothing has been recorded yet.
audit-when = When
audit-who = Who
audit-what = What
audit-details = Details
audit-system = The system
audit-action-account-email-verified = Confirmed their email address
audit-action-account-logged-in = Signed in
audit-action-account-password-reset = Reset their password
audit-action-account-profile-updated = Changed their profile
audit-action-account-signed-up = Created an account
audit-action-api-token-created = Created an API token
audit-action-api-token-revoked = Revoked an API token
audit-action-invitation-accepted = Accepted an invitation
audit-action-invitation-created = Sent an invitation
audit-action-invitation-revoked = Revoked an invitation
audit-action-tenant-created = Created the incubator
audit-action-call-created = Created a call
audit-action-call-deadline-extended = Extended a call's deadline
audit-action-call-updated = Changed a call
audit-action-organisation-registered = Registered an organisation
audit-action-organisation-updated = Changed an organisation
audit-action-programme-created = Created a programme
audit-action-programme-updated = Changed a programme
audit-action-question-added = Added a question
audit-action-question-deleted = Deleted a question
audit-action-question-updated = Changed a question
audit-action-role-changed = Changed a person's role
audit-action-role-removed = Removed a person's role
audit-action-submission-reopened = Reopened a submission
audit-action-submission-saved = Saved a submission
audit-action-submission-started = Started a submission
audit-action-submission-submitted = Sent a submission
audit-action-submission-withdrawn = Withdrew a submission
audit-action-submission-selected = Selected a challenge
audit-action-submission-unselected = Unselected a challenge
audit-action-theme-added = Added a theme
audit-action-theme-archived = Archived a theme
audit-action-theme-restored = Restored a theme

## Errors
error-summary-title = There is a problem
error-title-prefix = Error:
error-prefix = Error:
error-go-home = Go to the home page
error-status = Error code { $status }
error-not-found = Page not found
error-not-found-detail = If you typed the web address, check it is correct. If you followed a link, it may be out of date.
error-unauthorized = Sign in to continue
error-unauthorized-detail = You need to sign in to see this page.
error-forbidden = You cannot see this page
error-forbidden-detail = Your account does not give you access to this page. If you think it should, ask the incubator's staff.
error-csrf = Your form expired
error-csrf-detail = For your security, the form could not be sent. Go back, reload the page and try again.
error-validation = Some answers need correcting
error-validation-detail = Check the fields listed and try again.
error-conflict = Somebody else changed this first
error-stale-edit-api = Someone saved this after the version you sent. Read it again and send your change on top of the version you get.
problem-call-not-open = The call is not open
problem-submission-closed = This submission can no longer be changed
problem-invitation-closed = This invitation no longer works
problem-invitation-has-account = You already have an account
problem-last-admin = An incubator needs an admin
problem-not-selectable = This entry cannot be selected
problem-conflict = This cannot be done now
error-bad-request = The request could not be read
error-bad-request-detail = Check what was sent and try again.
error-too-large = What you sent is too large
error-too-large-detail = Send less at once and try again.
error-rate-limited = Too many attempts
error-rate-limited-detail = Wait a few minutes and try again.
error-unavailable = The service is busy
error-unavailable-detail = Try again in a few minutes.
error-method-not-allowed = That action is not possible here
error-method-not-allowed-detail = This address does not accept that kind of request.
error-unsupported-media-type = Unsupported format
error-unsupported-media-type-detail = Send the data in a format this address accepts.
error-internal = Sorry, something went wrong
error-internal-detail = Try again later. Nothing you saved before this was lost.

## Field and request errors
error-email-missing = Enter your email address
error-email-invalid = Enter an email address in the correct format, like name@ministry.gov.example
error-password-missing = Enter a password
error-password-too-short = Your password must be at least 12 characters
error-password-too-long = Your password must be 256 characters or fewer
error-password-common = This password is too easy to guess. Use a few unrelated words, or a longer password
error-password-confirmation = The two passwords do not match
error-display-name-missing = Enter your name
error-display-name-too-long = Your name must be 100 characters or fewer
error-text-control-characters = Remove the invisible control characters
error-language-invalid = Choose a language from the list
error-time-zone-invalid = Choose a time zone from the list
error-login-failed = The email address or password is not correct
error-login-throttled = Too many failed attempts to sign in. Wait 15 minutes and try again, or reset your password
error-stale-profile = Your profile was changed in another window or device after you opened this page. The form now shows the saved details: make your change again.
error-stale-organisation = Someone saved changes to this organisation after you opened the page. The form now shows their version: make your change again on top of it.
error-token-name-missing = Enter a name for the token
error-token-name-too-long = The token name must be 100 characters or fewer
error-version-missing = The form is missing its version. Reload the page and try again.
error-form-unreadable = The form could not be read. Reload the page and try again.
error-form-content-type = Send the form as application/x-www-form-urlencoded.
error-form-multipart = The form with files could not be read. Try sending it again.
error-json-content-type = Send JSON with the Content-Type application/json.
error-json-shape = The JSON document does not have the expected fields or types.
error-json-unreadable = The body is not valid JSON.
error-query-unreadable = The query string could not be read.
error-tenant-slug-invalid = Use 1 to 40 lowercase letters, digits and hyphens
error-role-missing = Choose a role
error-role-invalid = Choose a role from the list
error-level-missing = Choose the level of government
error-level-invalid = Choose a level of government from the list
error-organisation-name-missing = Enter the name of the organisation
error-organisation-name-too-short = The name must be at least 2 characters
error-organisation-name-too-long = The name must be 200 characters or fewer
error-organisation-name-taken = An organisation with this name is already registered here. Ask its members to invite you
error-country-missing = Choose a country
error-country-invalid = Choose a country from the list
error-website-invalid = Enter a web address starting with https://, like https://www.gov.example
error-invitation-closed = This invitation has expired, was withdrawn or has already been accepted.
error-invitation-has-account = An account already exists for this email address. Sign in to accept the invitation.
error-last-admin = An incubator needs at least one admin. Make someone else an admin first.

## Emails
email-verify-subject = Confirm your email address for Sweetspot
email-verify-body =
    Hello { $name },

    Confirm your email address by opening this link within 48 hours:

    { $link }

    If you did not create a Sweetspot account, ignore this email.
email-reset-subject = Reset your Sweetspot password
email-reset-body =
    Hello { $name },

    Choose a new password by opening this link within one hour:

    { $link }

    If you did not ask to reset your password, ignore this email: your password has not changed.
email-invitation-subject = { $inviter } invites you to { $tenant } on Sweetspot
email-invitation-body =
    Hello,

    { $inviter } invites you to { $tenant } on Sweetspot as: { $what }.

    Accept the invitation by opening this link within 14 days:

    { $link }

    If you were not expecting this invitation, ignore this email.
email-account-exists-subject = You already have a Sweetspot account
email-account-exists-body =
    Hello { $name },

    Someone tried to create a Sweetspot account with your email address. You already have one.

    Sign in: { $login }
    Forgotten your password? { $reset }

    If this was not you, ignore this email.

## Programmes
programme-caption = Programme
programme-new = Create a programme
programme-create = Create programme
programme-edit = Edit the programme
programme-timeline = Timeline
programme-timeline-hint = Leave both dates empty for a phase this programme does not have. Dates are days in the programme's time zone.
programme-no-timeline = The timeline has not been published yet.
programme-now = Now
programme-phase-dates = { $start } to { $end }
phase-challenge-call = Call for challenges
phase-challenge-selection = Challenge selection
phase-solution-call = Call for solutions
phase-solution-selection = Solution selection
phase-matching = Matching
phase-incubation = Incubation
phase-cohort-track = Cohort learning track
phase-showcase = Showcase
field-programme-title = Title
field-programme-title-hint = For example, Innovation Incubator 2024
field-programme-slug = Short name for the web address
field-programme-slug-hint = Lowercase letters, digits and hyphens, for example incubator-2024
field-programme-summary = Summary
field-programme-time-zone = Programme time zone
field-programme-time-zone-hint = Used for readers who have not chosen their own time zone.
field-phase-starts = Starts
field-phase-ends = Ends
notice-programme-created = The programme has been created.
notice-programme-saved = The programme has been saved.
error-programme-title-missing = Enter a title
error-programme-title-too-long = The title must be 200 characters or fewer
error-programme-slug-missing = Enter a short name for the web address
error-programme-slug-invalid = Use lowercase letters, digits and hyphens only, like incubator-2024
error-programme-slug-taken = Another programme already uses this short name
error-programme-summary-too-long = The summary must be 2,000 characters or fewer
error-phase-both-dates = Enter both the start and the end date, or neither
error-phase-date-invalid = Enter dates as year-month-day, like 2024-03-31
error-phase-ends-before-start = The end date must be on or after the start date
error-phase-kind-invalid = Unknown phase: use the phases listed in the API document
error-stale-programme = Someone saved changes to this programme after you opened the page. The form now shows their version: make your change again on top of it.

## Themes
themes-title = Themes
themes-intro = Themes describe what submissions are about. Teams pick them; staff filter by them. Archived themes stay on past submissions but cannot be picked.
themes-none = There are no themes yet.
themes-archived = Archived
themes-archive = Archive
themes-restore = Restore
themes-add = Add theme
field-theme-name = Name of a new theme
notice-theme-added = The theme has been added.
notice-theme-archived = The theme has been archived.
notice-theme-restored = The theme has been restored.
error-theme-name-missing = Enter a name for the theme
error-theme-name-too-long = The name must be 80 characters or fewer
error-theme-name-taken = A theme with this name already exists

## Calls
breadcrumbs = Breadcrumbs
optional = optional
required = Required
edit = Edit
delete = Delete
move-up = Move up
move-down = Move down
words-max = at most { $count } words
programme-calls = Calls
programme-no-calls = No call has been published for this programme yet.
call-kind-challenge = Call for challenges
call-kind-solution = Call for solutions
call-kind-cohort = Cohort learning track application
call-status = Status
call-status-upcoming = Opens soon
call-status-open = Open
call-status-closed = Closed
call-opens = Opens
call-closes = Closes
call-closes-on = Closes { $when }
call-eligibility = Who can apply
call-what-we-ask = What we will ask you
call-new = Open a call
call-create = Create call
call-edit = Edit the call
field-call-kind = Kind of call
field-call-title = Title
field-call-slug-hint = Lowercase letters, digits and hyphens, for example challenges
field-call-description = Description
field-call-eligibility = Eligibility
field-markdown-hint = You can use Markdown: **bold**, lists with -, links like [text](https://…).
field-call-opens = Opens at
field-call-closes = Closes at
field-call-time-hint = Date and time in the programme's time zone ({ $zone }).
questions-title = Questions
questions-none = This call asks no questions yet.
question-add = Add a question
question-edit = Edit the question
field-question-section = Section
field-question-section-hint = Questions with the same section form one part of the application.
field-question-label = Question
field-question-help = Help text (optional)
field-question-kind = Kind of answer
field-question-required = An answer is required
field-question-word-limit = Word limit (long text only)
field-question-word-limit-hint = Leave empty for no limit.
field-question-options = Choices (single and multiple choice only)
field-question-options-hint = One choice per line, at least two.
question-kind-short-text = Short text
question-kind-long-text = Long text
question-kind-single-choice = One choice
question-kind-multiple-choice = Several choices
question-kind-number = Number
question-kind-url = Web address
question-kind-date = Date
question-kind-yes-no = Yes or no
question-kind-file = File attachment
notice-call-created = The call has been created. Now add its questions.
notice-call-saved = The call has been saved.
notice-question-added = The question has been added.
notice-question-saved = The question has been saved.
notice-question-deleted = The question has been deleted.
notice-question-moved = The question has been moved.
error-call-kind-missing = Choose the kind of call
error-call-kind-invalid = Choose a kind of call from the list
error-call-title-missing = Enter a title
error-call-title-too-long = The title must be 200 characters or fewer
error-call-slug-missing = Enter a short name for the web address
error-call-slug-taken = Another call of this programme already uses this short name
error-call-description-too-long = The description must be 20,000 characters or fewer
error-call-eligibility-too-long = The eligibility text must be 20,000 characters or fewer
error-call-opens-missing = Enter when the call opens
error-call-closes-missing = Enter when the call closes
error-call-closes-before-opens = The call must close after it opens
error-datetime-invalid = Enter a date and time, like 2024-01-31 23:59
error-datetime-ambiguous = This time does not exist or happens twice in the programme's time zone (a clock change): choose another
error-stale-call = Someone saved changes to this call after you opened the page. The form now shows their version: make your change again on top of it.
error-question-label-missing = Enter the question
error-question-label-too-long = The question must be 500 characters or fewer
error-question-kind-missing = Choose the kind of answer
error-question-kind-invalid = Choose a kind of answer from the list
error-question-options-missing = Enter at least two choices, one per line
error-question-option-too-long = Each choice must be 200 characters or fewer
error-question-word-limit-invalid = Enter a word limit between 1 and 10,000

## Submissions
yes = Yes
no = No
change = Change
save-and-return = Save and return to the task list
save-and-review = Save and go back to check your answers
back-to-review = Back to check your answers
back-to-task-list = Back to the task list
back-to-submission = Back to the submission
answer-none = Not answered
apply-title = Start an application
apply-start = Start an application
apply-need-account = To apply, sign in, or create an account: you will come back to this page once your email address is confirmed.
apply-have-entries = Your applications to this call:
apply-continue = Continue your application
apply-start-another = Start another application (for another organisation, or a second entry)
apply-intro = You can save your answers and come back as often as you need until the call closes on { $closes }. Colleagues in your organisation can edit the same application.
apply-for-organisation = Which organisation is applying?
apply-no-organisation = Applications are made by a government organisation. Register yours first, or ask a colleague to invite you to it.
apply-call-not-open = This call is not open for applications.
part-about = About your submission
part-numbered = Part { $number }
task-list-title = Your application
task-list-progress = You have completed { $done } of { $total } parts.
task-not-started = Not started
task-incomplete = Incomplete
task-completed = Completed
submission-untitled = Untitled submission
submission-status-draft = Draft
submission-status-submitted = Submitted
submission-status-withdrawn = Withdrawn
submission-selected = Selected
submission-submitted-at = Submitted on
submission-check-and-submit = Check your answers and submit
submission-still-editable = Your submission has been received. You can still change it until the call closes.
submission-read-only = This call has closed: the submission can no longer be changed.
submission-withdraw = Withdraw this submission
submission-submit = Submit
submission-select = Mark this challenge as selected
submission-unselect = Remove the selection
review-title = Check your answers
review-submit-title = Submit your application
review-already-submitted-title = Already submitted
review-already-submitted-body = This submission has been received. The changes you save are part of it straight away, until the call closes on { $closes }: there is nothing more to send.
review-submit-body = You can still change your answers after submitting, until the call closes on { $closes }.
field-submission-title = Title
field-submission-title-hint = A short name for your challenge or offer.
field-submission-summary = Summary
field-submission-summary-hint = In { $limit } words or fewer: the problem, who it affects, and what you hope for.
field-submission-themes = Themes (optional)
field-submission-themes-hint = Choose all that apply.
field-submission-offers = Which challenges can you help with?
field-submission-offers-hint = Choose every selected challenge your team has experience of.
field-submission-offers-none = No challenge has been selected yet.
field-answer-word-limit = You can enter up to { $limit } words
diff-added = added:
diff-removed = removed:
field-attachment-formats = A PDF, ODT or DOCX document, up to 10 MB.
field-attachment-replace = Choosing a new file replaces it.
field-attachment-current = Current file:
field-attachment-remove = Remove this file
history-title = History of changes
history-version = Version
history-version-n = Version { $n }
history-changes-intro = What changed from the version before: added words are underlined and highlighted, removed words are struck through.
history-no-changes = Nothing changed in the answers.
history-first-version = The first version, saved when the application was started.
history-status-moved = { $from } → { $to }
submissions-title = Submissions
submissions-total = { $count } in total
submissions-total-unfiltered = Without filters, { $count } in total
submissions-matching = Matching these filters: { $count }
submissions-matching-more-than = Matching these filters: more than { $count }
submissions-clear-filters = Clear the filters
# Between groups of three digits in counts: 5,072.
number-group-separator = ,
submissions-filter = Filter submissions
submissions-search = Words in the title or summary
submissions-apply-filters = Apply filters
sort-by = Sort by
sort-newest = Newest first
sort-oldest = Oldest first
sort-updated = Recently updated
sort-title = Title (A to Z)
submissions-none = No submission matches.
submissions-organisation = Organisation
submissions-updated = Last changed
filter-any = Any
filter-continent = Continent
filter-country-code = Country code
filter-theme = Theme
continent-africa = Africa
continent-asia = Asia
continent-europe = Europe
continent-north-america = North America
continent-oceania = Oceania
continent-south-america = South America
notice-submission-started = Your application has been started. Fill in each part and press “Save and return to the task list” to keep your answers; you can come back to it until the deadline.
notice-submission-saved-needs-attention = Your answers have been saved, but some need changing before you can submit: see the messages below.
notice-submission-saved = Your answers have been saved.
notice-submission-submitted = Your submission has been received. We sent you a receipt by email.
notice-submission-withdrawn = Your submission has been withdrawn.
info-submission-changed-meanwhile = Someone on your team changed this submission after you opened that page, so nothing was done. Here it is as it is now: check it, then try again.
info-submission-moved-meanwhile = This submission had already moved on when you asked (submitted, withdrawn or reopened in another window), so nothing was done. Here it is as it is now.
notice-submission-reopened = Your submission is a draft again. Check your answers and submit it before the call closes.
withdraw-heading = Withdrawing
withdraw-intro = If your team no longer wants this submission considered, you can withdraw it.
withdraw-title = Are you sure you want to withdraw this submission?
withdraw-body = It will no longer be considered by the programme's staff. Your answers are kept.
withdraw-reopen-until = You can reopen it and submit it again until the call closes on { $closes }. After that, a withdrawn submission cannot be reopened.
withdraw-confirm = Yes, withdraw it
withdraw-cancel = No, keep it submitted
reopen-body = This submission was withdrawn. Until the call closes on { $closes } you can reopen it as a draft, change it and submit it again.
reopen-submit = Reopen as a draft
error-submission-not-withdrawn = Only a withdrawn submission can be reopened
notice-submission-selected = The challenge is marked as selected.
notice-submission-unselected = The challenge is no longer selected.
error-submission-organisation-missing = Choose the organisation that is applying
error-call-not-open = This call is not open for applications
error-call-deadline-by-extension = This call has opened, so its deadline moves only by extending it, which tells the applicants
error-submission-closed = The call has closed, or the submission was withdrawn: it can no longer be changed
error-submission-not-draft = This submission has already been submitted
error-submission-not-submitted = Only a submitted entry can be withdrawn
error-stale-submission = Someone in your organisation saved this application after you opened the page. Here is what they changed; your answers are still in the form below. Check them, then save again.
error-submission-title-missing = Enter a title
error-submission-title-too-long = The title must be 200 characters or fewer
error-submission-summary-missing = Enter a summary
error-submission-summary-too-long = The summary must be 250 words or fewer (it has { $count })
error-submission-offers-missing = Choose at least one challenge you can help with
error-submission-theme-invalid = Choose themes from the list
error-submission-offer-invalid = Choose challenges from the list
error-answer-required = Answer the question “{ $question }”
error-answer-too-many-words = “{ $question }” must be { $limit } words or fewer (it has { $count })
error-answer-too-long = “{ $question }” must be 300 characters or fewer
error-answer-choice-invalid = For “{ $question }”, choose from the list
error-answer-one-value = For “{ $question }”, give one answer
error-answer-number-invalid = “{ $question }” must be a number
error-answer-url-invalid = “{ $question }” must be a web address starting with https://
error-answer-date-invalid = “{ $question }” must be a date, like 2024-03-31
error-answer-yes-no-invalid = For “{ $question }”, choose yes or no
error-filter-unknown = “{ $value }” is not a value this filter knows
error-answer-file-invalid = For “{ $question }”, upload the file through the form
error-answer-file-unexpected = “{ $question }” takes text, not a file
error-attachment-empty = The file for “{ $question }” is empty
error-attachment-too-large = The file for “{ $question }” must be smaller than 10 MB
error-attachment-type = The file for “{ $question }” must be a PDF, ODT or DOCX document
error-attachment-named-wrongly-pdf = The file for “{ $question }” is a PDF but its name does not end in .pdf: rename it and upload it again
error-attachment-named-wrongly-odt = The file for “{ $question }” is an ODT document but its name does not end in .odt: rename it and upload it again
error-attachment-named-wrongly-docx = The file for “{ $question }” is a DOCX document but its name does not end in .docx: rename it and upload it again
error-attachment-choose-again = Files are not kept when a page has errors: choose your file again
error-attachment-others-saved = Your other answers have been saved, but the file marked below was not: choose your file again.
error-select-not-challenge = Only challenges can be selected
error-select-not-submitted = Only submitted challenges can be selected
email-receipt-subject = We received your submission: { $title }
email-receipt-body =
    Hello { $name },

    We received your submission to { $call }. You can see it, and change it until the call closes, at:

    { $link }

    A copy of your answers:

    { $answers }
tenant-your-submissions = Your submissions
extend-title = Extend the deadline
extend-new-deadline = New closing time
extend-hint = In the programme's time zone ({ $zone }). Everyone with an application in this call is told by email.
extend-submit = Extend the deadline
notice-deadline-extended = The deadline has been extended and applicants have been told.
error-extend-not-later = The new closing time must be later than the current one
email-deadline-subject = More time to apply: { $call }
email-deadline-body =
    Hello { $name },

    The call "{ $call }" now closes on { $when }.

    { $link }
submissions-export-shown = Download the submissions this list shows
submissions-export-all = Download all the call's submissions
export-separator-comma = CSV
export-separator-semicolon = CSV with semicolons
submissions-export-hint = Excel set to French, German, Spanish or Portuguese opens the files with semicolons in columns. Formulas are written as text.
error-answer-unknown-question = An answer names a question this call does not ask.
error-answer-file-missing = Choose a file to upload
zone-region-africa = Africa
zone-region-america = Americas
zone-region-antarctica = Antarctica
zone-region-arctic = Arctic
zone-region-asia = Asia
zone-region-atlantic = Atlantic Ocean
zone-region-australia = Australia
zone-region-europe = Europe
zone-region-indian = Indian Ocean
zone-region-pacific = Pacific Ocean
zone-region-other = Other names and UTC
