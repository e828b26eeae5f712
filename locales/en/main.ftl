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
role-here-reviewer = You review the entries of selection rounds against the round's rubric. Your review rounds list the rounds staff made you a reviewer of, where you say which entries you would like to review and which you have a conflict of interest with.
role-here-advisor = You sit on the advisory board: you read each programme's selected challenges and providers, its matching runs and its published matches, and comment on matches and challenges, either internally (staff and the board) or shared with their teams. A programme's page links its matching.
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
verify-done-body-next = Thank you. Sign in to go on to the page you came from.
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
error-go-back = Go back to the page you were on
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
error-conflict = This was changed after you opened it
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

## Selection: screening, review rounds and their rubric
selection-title = Selection
screening-title = Eligibility screening
screening-intro = Staff mark each submitted entry eligible or ineligible, from its page. Ineligible entries leave the review rounds; teams are told only when decisions are released.
screening-eligible = Eligible
screening-ineligible = Ineligible
screening-unscreened = Not screened yet
screening-open-list = See the submitted entries
field-screening-reasons = Reasons for finding an entry ineligible
field-screening-reasons-hint = One reason per line, at most 30. They are offered as a list when screening; entries already screened keep the reason they were given.
screening-reasons-save = Save the reasons
notice-reasons-saved = The reasons have been saved.
error-stale-reasons = Someone saved the reasons after you opened the page. The form now shows their list: make your change again on top of it.
error-screening-reason-too-long = Each reason must be 200 characters or fewer
error-screening-reasons-too-many = Enter 30 reasons or fewer
screening-entry-title = Eligibility
screening-link = Screen for eligibility
screening-back = Back to the submission
screening-was-eligible = Found eligible (last changed { $date }).
screening-was-ineligible = Found ineligible (last changed { $date }).
screening-not-told = The team is not told now: they learn the outcome when decisions are released.
field-screening-outcome = Is this entry eligible?
screening-eligible-one = Eligible
screening-ineligible-one = Ineligible
field-screening-reason = Reason (if ineligible)
field-screening-reason-hint = Choose one of the call's reasons, or explain in the note.
field-screening-reason-none = This call has no list of reasons yet: explain in the note, or add reasons on the call's selection page.
field-screening-reason-blank = No reason from the list
field-screening-note = Note for staff (optional if a reason is chosen)
field-screening-note-hint = Not shown to the team.
screening-save = Save the screening
notice-screened = The screening has been saved.
error-screening-not-submitted = Only submitted entries are screened: this one is a draft or was withdrawn
error-screening-note-too-long = The note must be 2,000 characters or fewer
error-screening-outcome-missing = Choose eligible or ineligible
error-screening-outcome-invalid = Choose eligible or ineligible
error-screening-reason-missing = Choose a reason or write a note saying why the entry is ineligible
error-screening-reason-unknown = Choose a reason from the call's list
error-stale-screening = Someone screened this entry after you opened the page. The form now shows their decision: change it again if you need to.
rounds-title = Review rounds
rounds-none = No review round yet.
round-new = Start a review round
round-create = Start the round
round-edit = Change the round's settings
round-caption = Review round
round-dates = Open for reviews
round-status = Status
round-blind = Blind
round-fairness = Fairness
round-blind-yes = Blind: reviewers do not see the organisation, country or people of an entry.
round-blind-no = Not blind: reviewers see who submitted each entry.
round-conflict-country-yes = Reviewers from an entry's country are conflicted.
round-conflict-country-no = Only reviewers from the submitting organisation are conflicted.
round-disagreement-at = Reviewers disagree when an entry's totals spread { $points } points or more (of 100).
field-round-name = Name of the round
field-round-name-hint = For example "Long list" or "Short list". Unique in the call.
field-round-instructions = Instructions for reviewers
field-round-opens = Opens for reviews
field-round-closes = Closes for reviews
field-round-reviews-per-entry = Reviews per entry
field-round-reviews-per-entry-hint = From 1 to 20.
field-round-blind = Blind review
field-round-blind-hint = Reviewers do not see the organisation, country or people of an entry, on any page, export or email.
field-round-conflict-country = Reviewers from an entry's country are conflicted
field-round-conflict-country-hint = A reviewer who belongs to the submitting organisation is always conflicted.
field-round-disagreement = Disagreement threshold
field-round-disagreement-hint = From 1 to 100: an entry is flagged when its reviewers' totals (out of 100) spread this far.
notice-round-created = The round has been started. Now write its rubric.
notice-round-saved = The round has been saved.
error-round-name-missing = Enter a name for the round
error-round-name-too-long = The name must be 120 characters or fewer
error-round-name-taken = Another round of this call already has this name
error-round-instructions-too-long = The instructions must be 20,000 characters or fewer
error-round-opens-missing = Enter when the round opens for reviews
error-round-closes-missing = Enter when the round closes for reviews
error-round-closes-before-opens = The round must close after it opens
error-round-reviews-per-entry-invalid = Enter a whole number of reviews from 1 to 20
error-round-disagreement-invalid = Enter a whole number from 1 to 100
error-stale-round = Someone saved changes to this round after you opened the page. The form now shows their version: make your change again on top of it.
error-line-breaks = Enter this on one line
rubric-title = Rubric
rubric-none = No criteria yet. Add the first one below: reviewers score each entry against every criterion.
criterion-add = Add a criterion
criterion-edit = Change the criterion
criterion-scale = Scale and anchors
criterion-weight-share = Weight { $weight } ({ $share }% of the total)
field-criterion-name = Criterion
field-criterion-description = What reviewers judge
field-criterion-description-hint = At most 2,000 characters.
field-criterion-weight = Weight
field-criterion-weight-hint = From 1 to 100. Only the ratio between criteria matters: weights 2 and 1 count the first twice as much.
field-criterion-scale-min = Lowest score
field-criterion-scale-max = Highest score
field-criterion-scale-hint = Whole points from 0 to 10, for example 1 to 5.
field-criterion-anchors = What each score means
field-criterion-anchors-hint = One line per score, lowest first: for 1 to 5, five lines.
notice-criterion-added = The criterion has been added.
notice-criterion-saved = The criterion has been saved.
notice-criterion-deleted = The criterion has been deleted.
notice-criterion-moved = The criterion has been moved.
error-criterion-name-missing = Enter the criterion
error-criterion-name-too-long = The criterion must be 200 characters or fewer
error-criterion-description-too-long = The description must be 2,000 characters or fewer
error-criterion-weight-invalid = Enter a whole number weight from 1 to 100
error-criterion-scale-range = Enter whole scores from 0 to 10
error-criterion-scale-order = The highest score must be above the lowest
error-criterion-anchors-count = Write one line for each score of the scale, no more and no fewer
error-criterion-anchor-too-long = Each line must be 300 characters or fewer
audit-action-round-created = Started a review round
audit-action-round-updated = Changed a review round
audit-action-criterion-added = Added a criterion to a rubric
audit-action-criterion-updated = Changed a criterion of a rubric
audit-action-criterion-deleted = Deleted a criterion of a rubric
audit-action-screening-reasons-saved = Saved a call's reasons for ineligibility
audit-action-submission-screened = Screened an entry for eligibility
round-assignments-link = Entries, reviewers and assignments
assignments-title = Entries, reviewers and assignments
round-reviewers = Reviewers
round-reviewers-none = No reviewer yet. Add people with the reviewer or staff role below.
reviewer-name = Reviewer
reviewer-load = Entries assigned
reviewer-load-of = { $count } assigned
reviewer-preferences-met = Preferences
reviewer-preferences-counts = { $eager } they were eager for, { $rather } they would rather not have
reviewer-remove = Remove from the round
reviewer-add = Add a reviewer
reviewer-add-hint = People with the reviewer, staff or admin role here. To add someone without one, invite them for this round below.
reviewer-add-button = Add the reviewer
reviewer-choose = Choose a person
round-entries = Entries
round-entries-count = { $count } entries in the round; { $short } of them have fewer reviewers than the round needs.
round-entries-add = Add the call's eligible entries
round-entries-add-shortlist = Add the short list of “{ $round }” ({ $count })
error-entries-source = Choose a round of this call with a short list, other than this one.
round-entries-none = No entry yet. Screen the call's entries, then add the eligible ones.
assign-automatically = Assign reviewers automatically
assign-automatically-hint = The automatic assignment keeps the assignments made and adds only the reviews entries still need: as many as conflicts of interest allow, never a conflict, shared so that loads end up within one of each other where the assignments already made allow it, following the reviewers' preferences as far as it can. It does not move assignments already made: to give a reviewer who joined late a share, take some assignments off others by hand first. The same round always gives the same result.
entry-title = Entry
entry-organisation = Organisation
entry-reviewers = Reviewers
entry-reviewers-short = { $have } of { $need }
entry-reviewers-none = No reviewer assigned yet.
entry-conflicts = Conflicts of interest
entry-conflicts-none = No conflict of interest.
entry-assignment-title = Reviewers and conflicts
entry-open-submission = Read the submission
entry-remove = Take this entry out of the round
back-to-assignments = Back to the entries and reviewers
assign-reviewer = Assign a reviewer
assign = Assign
unassign = Take off
conflict-set = Record a conflict of interest
conflict-reviewer = Reviewer
conflict-reason = Reason
conflict-set-button = Record the conflict
conflict-clear = Remove
conflict-kind-organisation = belongs to the submitting organisation
conflict-kind-country = belongs to an organisation of the entry's country
conflict-kind-declared = declared by the reviewer
conflict-kind-staff = set by staff
conflict-source-declared = Declared by the reviewer
conflict-source-staff = Set by staff
assignment-method-manual = by hand
assignment-method-automatic = automatic
notice-entries-added = The call's eligible entries are in the round.
notice-shortlist-added = The entries of that short list are in the round.
info-entries-none-new = No entry was added: every one of them is in the round already.
notice-entry-removed = The entry has been taken out of the round.
notice-reviewer-added = The reviewer has been added to the round.
notice-reviewer-removed = The reviewer has been taken off the round, with their assignments.
notice-assigned = The reviewer has been assigned.
notice-unassigned = The reviewer has been taken off the entry.
notice-conflict-set = The conflict of interest has been recorded.
notice-conflict-cleared = The conflict of interest has been removed.
notice-assigned-automatically = Reviewers have been assigned: every entry has the reviews it needs.
info-assigned-short = Reviewers have been assigned, but some entries still have fewer reviewers than the round needs: conflicts of interest leave too few reviewers for them, or the round has too few reviewers. They are marked in the list below.
error-assign-conflicted = This reviewer has a conflict of interest with the entry and cannot be assigned it
error-assign-not-reviewer = Choose one of the round's reviewers
error-reviewer-missing = Choose a person
error-reviewer-not-candidate = Only people with the reviewer, staff or admin role can review
error-entry-missing = Choose an entry
error-conflict-reason-missing = Say why there is a conflict of interest
error-conflict-reason-too-long = The reason must be 500 characters or fewer
error-round-closed = The round has closed: nothing can be changed in it any more
reviews-title = Your review rounds
reviewer-invited-tag = Invited for this round
round-invite-label = Invite someone to review in this round only
round-invite-hint = For an expert without a reviewing role here. They get an email with a link; they accept signed in with this address, once it is confirmed, and review in this round alone.
round-invite-button = Send the invitation
round-invitations-open = Invitations not accepted yet
round-invitation-sent = sent { $when }
round-invitation-revoke = Withdraw
notice-round-invitation-sent = Invitation sent.
notice-round-invitation-revoked = Invitation withdrawn.
notice-round-invitation-accepted = You are now a reviewer of the round. Say which entries you would like to review, and staff will assign them.
error-invite-email-missing = Enter the email address to send the invitation to
error-round-invitation-closed = The round has closed: nobody new can join it.
error-round-invitation-reviewer = This person reviews in the round already.
error-round-invitation-exists = This address has an invitation to the round already. Withdraw it first to send a new one.
join-title = Invitation to review
home-reviewing-title = Reviewing
home-reviewing-invited = You are invited to review in “{ $round }”: see the invitation
join-signed-out = Sign in with the address the invitation was sent to, or create an account with it, to see the invitation.
join-create-account = Create an account
join-unconfirmed = Confirm your email address first, with the link we sent when you created your account: that shows the invitation was sent to you.
join-unconfirmed-profile = Send the confirmation link again from your profile
join-not-for-you = There is no open invitation here for { $email }.
join-not-for-you-next = If the invitation was sent to another of your addresses, sign out and sign in with that one, or create an account with it. An invitation ends when it is accepted or withdrawn, or when its round closes.
join-already = You are a reviewer of “{ $round }”.
join-call = Call
join-invited-by = Invited by
join-what = As a reviewer of this round you say which entries you would like to review and which you have a conflict of interest with, then score the entries staff assign you against the round's rubric. You see nothing of the platform beyond this round.
join-accept = Accept and review in this round
email-round-invitation-subject = Invitation to review: { $round }
email-round-invitation-body =
    Hello,

    { $inviter } invites you to review entries in “{ $round }”, a selection round of { $call } at { $tenant }. The round closes on { $closes }.

    To accept, open this page and sign in with { $email }, or create an account with that address:

    { $link }

    If you did not expect this, you can ignore this email.
audit-action-round-reviewer-invited = Invited a reviewer for one round
audit-action-round-invitation-revoked = Withdrew an invitation to review
audit-action-round-invitation-accepted = Accepted an invitation to review
reviews-none = You are not a reviewer of any round yet. Staff add reviewers to a round before assigning its entries.
reviews-assigned = Entries assigned to you
preferences-link = Preferences and conflicts
preferences-title = Which entries would you like to review?
preferences-intro = Say which entries you are eager to review, willing to review, or would rather not, and declare any conflict of interest with its reason. The automatic assignment follows your preferences as far as it can and never gives you an entry you have a conflict with.
preferences-blind = This round is blind: you do not see who submitted the entries.
preferences-none = The round has no entries yet.
preferences-assigned = Assigned to you
preferences-save = Save these preferences
back-to-reviews = Back to your review rounds
preference-none = No preference
preference-eager = Eager
preference-willing = Willing
preference-rather-not = Rather not
preference-conflict = Conflict of interest
preference-reason = Reason, if you have a conflict of interest
notice-preferences-saved = Your preferences have been saved.
error-preference-invalid = Choose eager, willing, rather not or conflict of interest
error-preference-entry-missing = Say which entry the preference is for
error-preference-entry-unknown = This entry is not in the round
audit-action-round-entries-added = Added entries to a round
audit-action-round-entry-removed = Took an entry out of a round
audit-action-round-reviewer-added = Added a reviewer to a round
audit-action-round-reviewer-removed = Took a reviewer off a round
audit-action-round-assigned-automatically = Assigned reviewers automatically
audit-action-review-assigned = Assigned a reviewer
audit-action-review-unassigned = Took a reviewer off an entry
audit-action-review-conflict-set = Recorded a conflict of interest
audit-action-review-conflict-cleared = Removed a conflict of interest
audit-action-review-conflict-declared = Declared a conflict of interest
audit-action-review-conflict-withdrawn = Withdrew a declared conflict of interest
field-round-remind = Remind late reviewers
field-round-remind-hint = How many hours before the round closes reviewers whose reviews are not submitted get a reminder email: from 1 to 720.
error-round-remind-invalid = Enter a whole number of hours from 1 to 720
email-review-reminder-subject = Reminder: { $count } reviews to submit in "{ $round }"
email-review-reminder-body =
    Hello { $name },

    You have { $count } entries of the review round "{ $round }" ({ $call }) whose review is not submitted yet. The round closes on { $when }; after that, reviews can no longer be written or changed.

    Your list of entries: { $link }
assigned-title = Entries to review
assigned-link = Entries to review
assigned-progress = You have submitted { $done } of { $count } reviews.
assigned-closes = The round closes on { $when }.
assigned-none = No entry is assigned to you in this round yet.
back-to-assigned = Back to your entries
reviewing-title = Review
reviewing-blind = This round is blind: you do not see who submitted the entry.
reviewing-the-entry = The entry
reviewing-your-review = Your review
reviewing-closed = The round is not open for reviews (it closes on { $when }): your review can be read but not changed.
reviewing-comment = Comment on this criterion (optional)
reviewing-recommendation = Your overall recommendation
reviewing-note = Note to staff (optional)
reviewing-note-read = Note to staff
reviewing-note-hint = Only staff read it: not the other reviewers, not the team.
reviewing-submit = Submit the review
reviewing-save-submitted = Save the changes
reviewing-save-draft = Save as a draft
reviewing-others = Other reviews
reviewing-others-after = You see the other reviews of this entry once you have submitted yours.
reviewing-others-none = No other review has been submitted yet.
reviewing-other-number = Reviewer { $number }
reviewing-status-draft = Draft
reviewing-status-set-aside = Set aside: conflict of interest
reviewing-status-submitted = Submitted
reviewing-status-not-started = Not started
recommendation-strongly-support = Strongly support
recommendation-support = Support
recommendation-reservations = Support with reservations
recommendation-oppose = Do not support
notice-review-saved = Your draft has been saved. Submit it before the round closes.
notice-review-submitted = Your review has been submitted. You can change it until the round closes.
notice-reviewers-reminded = Reviewers with reviews to submit have been emailed.
info-nobody-late = Nobody was emailed: every assigned review is submitted.
remind-late-reviewers = Email reviewers who have reviews to submit
remind-automatic = They are also emailed automatically { $hours } hours before the round closes.
error-conflict-after-review = A conflict of interest cannot be recorded once the review is submitted: speak to the round's staff
error-entry-has-reviews = This entry has submitted reviews and stays in the round: decide on it instead
error-reviewer-has-reviews = This reviewer has submitted reviews in the round and stays in it
error-unassign-reviewed = This reviewer has submitted their review of the entry, which stays
error-screening-reviewed = This entry has submitted reviews: decide on it instead of screening it out
error-recommendation-invalid = Choose a recommendation from the list
error-recommendation-missing = Choose your overall recommendation
error-review-comment-too-long = The comment must be 5,000 characters or fewer
error-review-note-too-long = The note must be 5,000 characters or fewer
error-round-not-open = The round is not open for reviews yet
error-rubric-empty = The round has no rubric yet: staff must write it before reviews can be submitted
error-rubric-fixed = Reviews have been submitted against this rubric, so it can no longer change
error-score-criterion-unknown = A score names a criterion the round does not have
error-score-missing = Choose a score
error-score-out-of-scale = Choose one of the scale's scores
error-stale-review = You saved this review in another window after opening this page. The form now shows what is saved: make your change again.
audit-action-review-submitted = Submitted a review
audit-action-round-reviewers-reminded = Reminded late reviewers
ranking-title = Ranked table
ranking-intro = Entries by their weighted total (the mean of their reviews' totals, out of 100). The normalised order reads each review against its reviewer's other reviews (z-scores), to correct for harsh and lenient reviewers. Spread is the gap between an entry's highest and lowest review total; a wide one is flagged.
ranking-hidden = { $count } entries are left out of this table and its downloads: you have a conflict of interest with them as a reviewer of the round.
ranking-order-raw = Raw order
ranking-shortlisted = Short list
ranking-scroll-hint = The table scrolls sideways when it is wider than the window: normalised score, spread and disagreement are its last columns.
ranking-order-normalised = Normalised order
round-downloads = Download as CSV:
ranking-csv = the ranked table
reviews-csv = every review, with scores and comments
assignments-csv = assignments, preferences and conflicts
assignments-csv-long = Download assignments, preferences and conflicts of interest as CSV
ranking-none = The round has no entries yet.
ranking-rank = Rank
ranking-normalised-rank = Normalised rank
ranking-reviews = Reviews
ranking-total = Total
ranking-normalised = Normalised
ranking-spread = Spread
ranking-disagreement = Reviewers disagree
results-title = Results of an entry
results-reviews = { $count } submitted reviews
results-reviews-title = Reviews
results-no-reviews = No review yet.
back-to-ranking = Back to the ranked table
discussion-title = Discussion
discussion-intro = Staff and the entry's reviewers discuss it here. The team never sees this.
discussion-none = No comment yet.
discussion-comment = Your comment
discussion-staff-hint = Read by staff and by the entry's reviewers once they have submitted their review. The team never sees it.
discussion-post = Post the comment
notice-comment-added = Your comment has been posted.
error-comment-missing = Write a comment
error-comment-too-long = The comment must be 5,000 characters or fewer
audit-action-round-comment-added = Commented on an entry in a round
decisions-title = Decisions
decisions-link = Decide on the entries and release the decisions
decisions-intro = Every submitted entry gets a decision with its reasons: selected, waitlisted or rejected. Teams read "under review" until the decisions are released; they are then emailed, each in the wording of its outcome.
decisions-none = No submitted entry yet.
decisions-choose = Choose
decisions-all-released = Every decision on this page is released: a released decision changes only by promotion from the waiting list.
decisions-bulk = Decide the entries ticked above
decisions-bulk-button = Record the decision
decisions-release-link = Release { $count } decisions
back-to-decisions = Back to the decisions
decision-title = Decision
decision-link = Decision
decision-outcome-link = Selection outcome
decision-none = Not decided
decision-released = released
decision-not-released = not released yet
decision-decide = Decide
decision-save = Record the decision
decision-promote = Promote from the waiting list
decision-under-review = Your entry is under review. You will be emailed when the decisions are released.
decision-waitlist-position = Number { $position } on the waiting list
decision-without-round = Without a round
decision-template-built-in = Built-in text
decision-templates-title = Decision emails
decision-templates-intro = Each team is emailed the text of its outcome when the decisions are released. The placeholders below are replaced for each team; a selected team's email always ends with the request to confirm it takes part.
field-outcome = Outcome
field-rationale = Rationale
field-rationale-hint = Why: kept with the decision. The team reads it only if its email includes the rationale placeholder.
field-decision-round = Decided in
field-waitlist-position = Place on the waiting list (waitlisted only)
field-waitlist-position-hint = 1 for the first to be offered a place. Left empty, the entry keeps its place, or goes to the end of the list.
field-template-subject = Subject
field-template-body = Text
release-title = Release the decisions
release-intro = { $count } decisions will be released: each team is emailed its outcome, and selected teams are asked to confirm that they take part.
release-warning = Teams are emailed at once; a released decision cannot be changed, except by promoting a waitlisted team.
release-include-reviews = Quote the reviewers' comments in the emails
release-include-reviews-hint = Without the reviewers' names or their notes to staff.
release-button = Release the decisions
release-nothing = Every decision has been released.
participation-title = Will your team take part?
participation-ask = Your place is held for you: please confirm that your team takes part in the programme, or decline it so that another team can have it.
participation-confirm = Confirm that we take part
participation-decline = Decline the place
participation-decline-title = Or give up the place
participation-decline-sure = Yes, our team gives up its place. This cannot be undone: the place goes to the next team on the waiting list.
error-decline-unsure = Tick the box to say your team gives up its place
email-place-declined-subject = A team gave up its place: { $title }
email-place-declined-body =
    { $team } has declined its place in { $call } for "{ $title }". The place is free: offer it to the next team on the waiting list from the call's decisions page.

    { $link }
participation-pending = Waiting for the team to confirm
participation-confirmed = The team confirmed it takes part
participation-declined = The team declined its place
outcome-selected = Selected
outcome-waitlisted = Waitlisted
outcome-rejected = Not selected
shortlist-add = Put on the short list
shortlist-remove = Take off the short list
shortlisted = Short list
notice-decided = The decision has been recorded. It reaches the team when the decisions are released.
notice-decisions-released = The decisions have been released and the teams emailed.
notice-participation-confirmed = Thank you: your team's participation is confirmed.
notice-participation-declined = Your team has declined its place.
notice-promoted = The team has been selected from the waiting list and emailed.
notice-shortlisted = The entry is on the short list.
notice-unshortlisted = The entry is off the short list.
notice-template-saved = The email has been saved.
error-outcome-missing = Choose an outcome
error-outcome-invalid = Choose selected, waitlisted or rejected
error-rationale-missing = Say why: every decision needs its reasons
error-rationale-too-long = The rationale must be 5,000 characters or fewer
error-waitlist-position-invalid = Enter a whole number from 1
error-decision-not-submitted = Only submitted entries are decided
error-decision-released = This decision has been released to the team and can no longer change
error-decision-round-unknown = Choose one of this call's rounds
error-bulk-none = Tick the entries to decide
error-bulk-other-call = Every entry must belong to this call
error-release-nothing = There is no decision to release
error-participation-not-awaited = This entry is not waiting for its team to confirm
error-promote-not-waitlisted = Only a released waitlisted entry can be promoted
error-stale-decision = Someone decided this entry after you opened the page. The form now shows their decision.
error-stale-template = Someone saved this email after you opened the page. The form now shows their text.
error-template-subject-missing = Enter a subject
error-template-body-missing = Enter the text
error-template-too-long = The text is too long
error-template-placeholder-unknown = Use only the placeholders listed above
error-template-placeholder-unclosed = Close every placeholder with a brace
decision-email-selected-subject = Your challenge has been selected: { $title }
decision-email-selected-body =
    Dear { $team },

    We are delighted to tell you that "{ $title }" has been selected for { $programme }.
decision-email-waitlisted-subject = You are on the waiting list: { $title }
decision-email-waitlisted-body =
    Dear { $team },

    "{ $title }" is on the waiting list of { $call }, at number { $position }. If a place frees up, we will offer it to you by email.
decision-email-rejected-subject = The outcome of your application: { $title }
decision-email-rejected-body =
    Dear { $team },

    Thank you for applying to { $call } with "{ $title }". We are sorry that it has not been selected this time.
decision-email-confirm =
    PLEASE CONFIRM THAT YOUR TEAM TAKES PART. Your place is held until you do:
    { $link }
decision-email-reviews = What the reviewers wrote:
email-confirm-reminder-subject = Please confirm your place: { $title }
email-confirm-reminder-body =
    Hello { $name },

    "{ $title }" has been selected, and your team has not confirmed yet that it takes part. Please confirm, or decline so that another team can have the place:

    { $link }
email-waitlist-moved-subject = Your place on the waiting list is now { $position }: { $title }
email-waitlist-moved-body =
    Hello { $name },

    A place in { $call } has gone to a team from the waiting list. "{ $title }" has moved up, and is now number { $position } on the waiting list. We will write again if a place becomes free for you.

    { $link }
audit-action-submission-decided = Decided on an entry
audit-action-review-set-aside = Set a review aside for a conflict of interest
audit-action-review-restored = Counted a set-aside review again
audit-action-call-decisions-released = Released a call's decisions
audit-action-call-decision-template-saved = Changed a decision email
audit-action-submission-participation-confirmed = Confirmed taking part
audit-action-submission-participation-declined = Declined a place
audit-action-submission-promoted = Promoted an entry from the waiting list
audit-action-round-shortlisted = Put an entry on a short list
audit-action-round-unshortlisted = Took an entry off a short list
decision-team-reads = The team reads:
decision-outcome-text-waitlisted = If a selected team declines its place, the incubator's staff offer it to the next team on the list, and we email you if your place changes.
decision-outcome-text-rejected = Your entry has not been selected this time. Thank you for taking part: the email we sent says more.

## Matching
matching-title = Matching
matching-intro = Each selected challenge is matched with teams in other countries that have solved something like it. A run scores every pair of selected challenge and selected provider, then makes the pairs with the largest total affinity under the limits below, exactly and reproducibly. Every run is kept as a record.
matching-selected-challenges = Selected challenges
matching-selected-providers = Selected providers
matching-published-title = Published matches
matching-read-challenges = Read the selected challenges
matching-read-providers = Read the selected providers
matching-published-none = No matches are published yet.
matching-match-providers = Matched with { $teams } teams
matching-new-run = Run matching
matching-new-run-intro = The run reads the selected challenges and providers as they are now (their text, themes and the challenges each provider chose) and the rules you set on pairs.
field-matching-k = Providers per challenge
field-matching-k-hint = A whole number from 1 to 10. In 2024: 2.
field-matching-c = Challenges per provider, at most
field-matching-c-hint = A whole number from 1 to 10. In 2024: 1.
field-matching-weights = Weights of the affinity
field-matching-weights-hint = Numbers from 0 to 100; only how they compare counts.
field-matching-text-weight = Similar text
field-matching-themes-weight = Shared themes
field-matching-chosen-weight = The provider chose the challenge
field-matching-minimum = Minimum affinity
field-matching-minimum-hint = From 0 to 1. Pairs below it are not made; 0 makes any pair the limits allow.
matching-rules-applied = The run applies the { $count } rules set on pairs (listed below).
matching-run-button = Run matching
matching-runs-title = Runs
matching-rules-title = Rules on pairs
matching-runs-none = No run yet.
matching-run-column = Run
matching-run-number = Run { $number }
matching-run-when = Run on
matching-run-matches = Pairs
matching-run-total = Total affinity
matching-run-state = State
matching-run-published = Published
matching-run-replaced = Published, since replaced
matching-run-confirmed = Proposal
matching-run-draft = Not confirmed
matching-run-reproduces = Re-run: reproduced
matching-run-reproduces-long = It gave the same matches, explanations and total as the run it repeats.
matching-run-differs = Did not reproduce
matching-run-rerun = Re-run
matching-run-original = The run it repeats
matching-run-parameters = Settings
matching-run-parameters-text = providers per challenge: { $k }; challenges per provider, at most: { $c }; weights: text { $text }, themes { $themes }, chosen { $chosen }; minimum affinity { $minimum }
matching-run-rules = Rules on pairs
matching-run-rules-text = { $locked } locked in, { $ruled_out } ruled out, { $allowed } allowed within one country
matching-run-solver = Solver
matching-run-pruned = Over a million pairs: each challenge and each provider kept its { $count } best candidates
matching-run-hash = SHA-256 of the inputs
matching-run-download-record = Download the run's record (JSON)
matching-run-download-inputs = Download its inputs, as hashed (JSON)
matching-compare-download = Download both runs' records and this comparison (JSON)
matching-run-compare-previous = Compare with the run before
matching-run-rerun-button = Re-run these inputs
matching-run-confirm-button = Confirm as the proposal
matching-run-publish-button = Publish these matches
matching-run-publish-hint = Publishing gives each matched challenge its match page and emails every member of its teams.
matching-rules-hint = Lock in or rule out pairs in the tables below, then run matching again from the programme's matching page: rules apply to the next run, never to a stored one.
matching-matched-with = Matched with
matching-matched-none = No provider.
matching-affinity = affinity { $score }
matching-candidates = Best candidates
matching-candidate-provider = Provider
matching-candidate-affinity = Affinity
matching-candidate-why = Why
matching-candidate-state = In this run
matching-candidate-rule = Rule
matching-candidate-matched = Matched
matching-explanation = Text { $text } + themes { $themes } + chosen { $chosen }
matching-shared-terms = Shared words:
matching-shared-themes = Shared themes:
matching-provider-chose = The provider chose this challenge.
matching-excluded-same-country = Same country
matching-excluded-ruled-out = Ruled out
matching-excluded-below-minimum = Below the minimum
matching-shortfall-too-few = { $country }: { $given } of the { $k } providers asked for. Only { $eligible } providers are eligible for it, and { $taken } of those went to other challenges. Not eligible: { $same_country } of the same country, { $ruled_out } ruled out, { $below } below the minimum affinity, { $pruned } not among its best candidates.
matching-shortfall-taken = { $country }: { $given } of the { $k } providers asked for. { $taken } of its { $eligible } eligible providers went to other challenges (each provider takes at most { $c }). Not eligible: { $same_country } of the same country, { $ruled_out } ruled out, { $below } below the minimum affinity, { $pruned } not among its best candidates.
matching-rule-set = Set
matching-rule-clear = Clear the rule
matching-rule-choose = Choose a rule
pair-rule-lock = Locked in
pair-rule-rule-out = Ruled out
pair-rule-allow-same-country = Allowed within one country
side-challenge = Challenge
side-provider = Provider
matching-compare-title = Runs compared
matching-compare-heading = Run { $later } against run { $earlier }
matching-compare-same-inputs = Both runs read the same inputs (the same hash).
matching-compare-entries-changed = The settings are the same; the selected entries or their texts changed.
matching-compare-changed = Changed:
matching-parameter-k = providers per challenge
matching-parameter-c = challenges per provider
matching-parameter-weights = weights
matching-parameter-min-affinity = minimum affinity
matching-parameter-allowed-same-country = pairs allowed within one country
matching-parameter-locked = locked pairs
matching-parameter-ruled-out = ruled-out pairs
matching-compare-added = Pairs made only in the later run
matching-compare-removed = Pairs made only in the earlier run
matching-compare-kept = Pairs made in both
matching-compare-none = None.
matching-compare-before = Earlier affinity
matching-compare-after = Later affinity
matching-compare-why = Why
matching-change-locked-in = locked in
matching-change-lock-removed = lock removed
matching-change-ruled-out = ruled out
matching-change-no-longer-ruled-out = no longer ruled out
matching-change-same-country-changed = permission within one country changed
matching-change-affinity-changed = its affinity changed
matching-change-other-pairs-changed = other pairs changed around it
matches-title = Matches
matches-none = You have no matches to see.
match-title = Match
match-published = Published on { $date }.
match-challenge-owner = Challenge owner
match-providers = Matched with
match-read-challenge = Read the challenge and its discussion
entry-challenge = Selected challenge
entry-provider = Selected provider
entry-team = Team
entry-themes = Themes
entry-summary = Summary
entry-match = Match
entry-match-link = Its match, published on { $date }
entry-match-none = Not matched yet: staff publish the matches once a run is confirmed.
notice-matching-run-created = The run is done and stored.
notice-matching-run-repeated = The run was repeated and stored as a new run.
notice-matching-run-confirmed = The run is the proposal.
notice-matching-run-published = The matches are published, and the teams of new or changed matches emailed.
notice-matching-run-published-unchanged = The matches are published. None of them changed, so no team was emailed.
notice-matching-rule-set = The rule is saved. It applies to the next run.
notice-matching-rule-not-chosen = No rule was chosen, so nothing changed. Choose one from the list, then Set.
error-matching-k = Enter a whole number of providers per challenge from 1 to 10
error-matching-c = Enter a whole number of challenges per provider from 1 to 10
error-matching-text-weight = Enter a weight from 0 to 100 for the text similarity
error-matching-themes-weight = Enter a weight from 0 to 100 for the shared themes
error-matching-chosen-weight = Enter a weight from 0 to 100 for the provider's own choice
error-matching-weights-zero = Give at least one weight more than 0
error-matching-minimum = Enter a minimum affinity from 0 to 1
error-matching-nobody = Matching needs at least one selected challenge and one selected provider
error-matching-pair-unknown = Choose a selected challenge and a selected provider of this programme
error-matching-rule-unknown = Choose lock, rule out or allow within one country
error-matching-allow-not-same-country = Only a pair of one country needs allowing
error-matching-run-published = This run is published already
error-matching-run-not-confirmed = Confirm the run as the proposal before publishing it
error-matching-run-empty = This run made no match to publish
error-matching-entry-gone = An entry of this run no longer exists
email-match-published-subject = Your match in { $programme }: { $challenge }
email-match-published-body =
    Hello { $name },

    { $programme } has published its matches. "{ $challenge }" is matched: you will work with { $teams }.

    The match page shows the teams and what the advisory board shares with you:

    { $link }

## Advisory comments
comment-subject-match = match
comment-subject-challenge = challenge
comment-audience-internal = Internal: staff and advisors only
comment-audience-shared = Shared with the teams
comment-audience-internal-hint = The teams never see it, nor any reply to it.
comment-audience-shared-hint = Staff, the advisory board and the teams read it (on a match, its teams; on a challenge, its team and the providers matched with it), and the teams can reply.
comment-audience-legend = Who sees this comment
comments-heading = Comments
comments-intro-board = Staff and the advisory board comment here. Each comment says who sees it: internal ones stay with staff and advisors; shared ones also reach the teams.
comments-intro-team = Staff and the advisory board share comments with you here. You can reply to them or start a comment of your own; staff, the advisory board and the other teams concerned read what you write.
comments-none = No comments yet.
comment-new = Add a comment
comment-body = Comment
comment-body-hint = Markdown: **bold**, *italic*, lists, and links as [text](https://…).
comment-send = Add comment
comment-reply = Reply
comment-reply-body = Your reply
comment-reply-send = Send reply
comment-by = (the comment by { $name })
comment-reply-to = to the comment by { $name } of { $when }
comment-delete-link = Delete
comment-hide-link = Hide
comment-edited = edited
comment-history-of = (the earlier versions of the comment by { $name })
comment-history-title = Edit history
comment-history-now = As it reads now
comment-history-earlier = Earlier versions
comment-history-version = Version { $version }
comment-history-none = This comment has not been edited.
comment-history-gone = Its earlier versions went with its text.
comment-deleted = This comment was deleted by its author.
comment-hidden = Hidden by staff:
comment-edit = Edit
comment-delete = Delete comment
comment-hide = Hide comment
comment-edit-title = Edit your comment
comment-edit-hint = The earlier text is kept, and the comment is marked edited. Its audience stays as it is.
comment-delete-title = Delete your comment?
comment-delete-warning = Its text is removed for everyone, including from its history. The thread shows that a comment was deleted, by whom and when.
comment-hide-title = Hide this comment?
comment-hide-reason = Why it is hidden
comment-hide-hint = Everyone who could read the comment sees this reason in its place.
comment-back = Back to the discussion
comment-cancel = Cancel and go back
comment-stale = The comment was changed while you were editing it. Its text as saved now is shown above; the box still holds your version. Save to replace the saved text with yours.
notice-comment-edited = Your comment is saved.
notice-comment-deleted = Your comment is deleted.
notice-comment-hidden = The comment is hidden.
error-comment-body-blank = Enter your comment
error-comment-body-long = Keep the comment to 10,000 characters or fewer
error-comment-audience = Choose who sees this comment
error-comment-audience-team = Teams' comments are shared: choose shared with the teams
error-comment-reply-internal = A reply to an internal comment stays internal
error-comment-parent = Reply to a comment of this discussion
error-comment-parent-gone = This comment was deleted or hidden, so it takes no replies
error-comment-hide-reason = Give a reason of up to 500 characters
error-comment-gone = This comment is deleted or hidden
error-comment-stale = The comment was changed since you read it
email-comment-added-subject = New comment on a { $kind }: { $subject }
email-comment-added-body =
    Hello { $name },

    { $author } wrote a comment on the { $kind } "{ $subject }". Read it and reply on the { $kind }'s page:

    { $link }
email-comment-reply-subject = New reply on a { $kind }: { $subject }
email-comment-reply-body =
    Hello { $name },

    { $author } replied in a discussion on the { $kind } "{ $subject }". Read it on the { $kind }'s page:

    { $link }
programme-matching-link = Matching: runs, rules on pairs and published matches
home-matches = Published matches ({ $count })
email-comment-digest-subject = New comments today
email-comment-digest-line =
    { $subject }: { $count ->
        [one] one new comment
       *[other] { $count } new comments
    }
    { $link }
email-comment-digest-body =
    Hello { $name },

    There are new comments where you take part:

    { $subjects }

    You chose one email a day for comments. You can change that on your profile.
comment-emails-title = Emails about comments
comment-emails-legend = When a comment or a reply reaches you
comment-emails-immediate = Email me each one
comment-emails-daily = Email me once a day, listing where there are new comments
comment-emails-save = Save how I hear of comments
notice-comment-emails-saved = Saved: this is how you will hear of comments.
error-comment-emails = Choose each one or once a day
audit-action-account-comment-emails-set = Chose how to hear of comments
audit-action-comment-added = Wrote a comment
audit-action-comment-edited = Edited their comment
audit-action-comment-deleted = Deleted their comment
audit-action-comment-hidden = Hid a comment
audit-action-matching-pair-rule-set = Set a rule on a pair for matching
audit-action-matching-run-created = Ran matching
audit-action-matching-run-repeated = Re-ran a matching run
audit-action-matching-run-confirmed = Confirmed a matching run as the proposal
audit-action-matching-run-published = Published a matching run's matches
