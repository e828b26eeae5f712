-- A submitted review whose reviewer is found to have a conflict of interest with the entry is set
-- aside: kept on record for staff (with its submission time), left out of the results and out of
-- what other reviewers and the team read.
alter table reviews drop constraint reviews_status_check;
alter table reviews add constraint reviews_status_check check (status in ('draft', 'submitted', 'set_aside'));
alter table reviews drop constraint reviews_submitted;
alter table reviews add constraint reviews_submitted
  check ((status in ('submitted', 'set_aside')) = (submitted_at is not null));
