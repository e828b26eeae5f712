//! Matching over the demo's 2024 edition: the stored run pairs the teams as 2024 did, re-runs
//! reproduce, an auditor checks a record without Sweetspot, staff's rules change the next run,
//! compare says why, publishing tells the teams; advisors read and change nothing; a team reads
//! its own match and nothing of another. Bad inputs are refused and change nothing.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::{error_summary, json_of, spawn_demo};

const MATCHING: &str = "/api/v1/t/opsi/programmes/incubator-2024/matching";

/// The run's matches as (challenge owner's country, provider organisation names).
fn pairs_by_country(overview: &Value, run: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let entries: BTreeMap<&str, &Value> = overview["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .chain(overview["providers"].as_array().unwrap())
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let mut pairs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in run["outcome"]["matches"].as_array().unwrap() {
        let challenge = entries[m["challenge"].as_str().unwrap()];
        let provider = entries[m["provider"].as_str().unwrap()];
        pairs
            .entry(challenge["country_code"].as_str().unwrap().to_string())
            .or_default()
            .insert(provider["organisation_name"].as_str().unwrap().to_string());
    }
    pairs
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn the_demo_run_pairs_the_2024_teams_a_rerun_reproduces_it_and_an_auditor_can_check_it() {
    let app = spawn_demo().await;
    let staff = app.as_demo("staff@demo.example").await;
    let overview = json_of(staff.get(MATCHING).await, StatusCode::OK).await;
    assert_eq!(overview["challenges"].as_array().unwrap().len(), 4);
    assert_eq!(overview["providers"].as_array().unwrap().len(), 8);
    assert_eq!(overview["matches"].as_array().unwrap().len(), 4, "the 2024 matches are published");
    let runs = overview["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run_id = runs[0]["id"].as_str().unwrap().to_string();
    let run = json_of(staff.get(&format!("/api/v1/t/opsi/matching/runs/{run_id}")).await, StatusCode::OK).await;
    let pairs = pairs_by_country(&overview, &run);
    let expected: BTreeMap<String, BTreeSet<String>> = [
        ("BR", names(&["New York City Civic Engagement Commission", "Greater London Authority"])),
        (
            "ES",
            names(&[
                "Government Laboratory (Laboratorio de Gobierno)",
                "Employment and Social Development Canada (ESDC)",
            ]),
        ),
        ("FR", names(&["London Office of Technology and Innovation (LOTI)", "Data Room — Ministry of Finance"])),
        (
            "IT",
            names(&[
                "Norwegian Digitalisation Agency (Digdir)",
                "ICT Guild — Ministry of the Interior and Kingdom Relations",
            ]),
        ),
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n))
    .collect();
    assert_eq!(pairs, expected, "the stored run pairs the teams as the 2024 programme did");
    for m in run["outcome"]["matches"].as_array().unwrap() {
        let a = &m["affinity"];
        let sum = a["text"]["share"].as_f64().unwrap()
            + a["themes"]["share"].as_f64().unwrap()
            + a["chosen"]["share"].as_f64().unwrap();
        assert!((sum - a["score"].as_f64().unwrap()).abs() < 1e-9, "the explanation adds up to the score");
    }

    // A re-run of the stored inputs reproduces the run.
    let rerun = json_of(
        staff.send_json(Method::POST, &format!("/api/v1/t/opsi/matching/runs/{run_id}/rerun"), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(rerun["run"]["reproduces"], json!(true));
    assert_eq!(rerun["run"]["rerun_of"], json!(run_id));
    assert_eq!(rerun["run"]["number"], json!(2));
    assert_eq!(rerun["outcome"], run["outcome"], "the same matches, explanations, objective and shortfalls");
    let compared = json_of(
        staff
            .get(&format!("/api/v1/t/opsi/matching/runs/{}/compare/{run_id}", rerun["run"]["id"].as_str().unwrap()))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(compared["same_inputs"], json!(true));
    assert_eq!(compared["kept"].as_array().unwrap().len(), 8);
    assert!(compared["added"].as_array().unwrap().is_empty() && compared["removed"].as_array().unwrap().is_empty());

    // An auditor's files: the inputs' SHA-256 is the record's, and running them through the
    // published solver, outside the server, gives the recorded outcome.
    let inputs = staff.get(&format!("/api/v1/t/opsi/matching/runs/{run_id}/inputs")).await;
    assert_eq!(inputs.status(), StatusCode::OK);
    assert!(inputs.headers()["content-disposition"].to_str().unwrap().contains("matching-run-1-inputs.json"));
    let bytes = inputs.bytes().await.unwrap();
    let record =
        json_of(staff.get(&format!("/api/v1/t/opsi/matching/runs/{run_id}/record")).await, StatusCode::OK).await;
    assert_eq!(record["format"], json!("sweetspot-matching-run/1"));
    assert_eq!(hex::encode(Sha256::digest(&bytes)), record["inputs_sha256"].as_str().unwrap());
    let parsed: sweetspot::matching::run::Inputs = serde_json::from_slice(&bytes).unwrap();
    let again = sweetspot::matching::run::run(&parsed).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), record["outcome"]);

    // The run's page shows the matches explained and the candidates.
    let (status, page) = staff.get_html(&format!("/t/opsi/matching/runs/{run_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Greater London Authority") && page.contains("Best candidates"));
    assert!(page.contains(record["inputs_sha256"].as_str().unwrap()), "the page names the hash");
}

#[tokio::test]
async fn staff_rules_change_the_next_run_compare_says_why_and_publishing_tells_the_teams() {
    let app = spawn_demo().await;
    let staff = app.as_demo("staff@demo.example").await;
    let overview = json_of(staff.get(MATCHING).await, StatusCode::OK).await;
    let find = |side: &str, name: &str| {
        overview[side]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["organisation_name"].as_str().unwrap().contains(name))
            .map(|p| p["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let brazil = find("challenges", "Presidency");
    let nyc = find("providers", "New York City");
    let digdir = find("providers", "Digdir");
    let first_run = overview["runs"][0]["id"].as_str().unwrap().to_string();
    let rules = format!("{MATCHING}/rules");
    let rules_page = "/t/opsi/p/incubator-2024/matching/rules".to_string();

    // Bad inputs: each refused with its field, nothing stored.
    let runs_before = app.count("select count(*) from matching_runs").await;
    for (body, field) in [
        (json!({ "k": 0 }), "k"),
        (json!({ "c": 11 }), "c"),
        // JSON Schema's integer includes 11.0: read as 11, then refused for its range.
        (json!({ "c": 11.0 }), "c"),
        (json!({ "text_weight": 0, "themes_weight": 0, "chosen_weight": 0 }), "text_weight"),
        (json!({ "text_weight": 101 }), "text_weight"),
        (json!({ "min_affinity": 1.5 }), "min_affinity"),
    ] {
        let problem = json_of(
            staff.send_json(Method::POST, &format!("{MATCHING}/runs"), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem.to_string().contains(field), "{body} names {field}: {problem}");
    }
    let typed = staff
        .post_form(
            "/t/opsi/p/incubator-2024/matching/runs",
            &[
                ("k", "two"),
                ("c", "1"),
                ("text_weight", "60"),
                ("themes_weight", "25"),
                ("chosen_weight", "15"),
                ("min_affinity", "0"),
            ],
        )
        .await;
    assert_eq!(typed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = typed.text().await.unwrap();
    assert_eq!(error_summary(&page), ["Enter a whole number of providers per challenge from 1 to 10"]);
    assert!(page.contains("value=\"two\""), "the form keeps what was typed");
    let weights = staff
        .post_form(
            "/t/opsi/p/incubator-2024/matching/runs",
            &[
                ("k", "2"),
                ("c", "1"),
                ("text_weight", "60"),
                ("themes_weight", "250"),
                ("chosen_weight", "-1"),
                ("min_affinity", "0"),
            ],
        )
        .await;
    assert_eq!(weights.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&weights.text().await.unwrap()),
        [
            "Enter a weight from 0 to 100 for the shared themes",
            "Enter a weight from 0 to 100 for the provider's own choice"
        ],
        "each message names its weight"
    );
    for (body, want) in [
        (json!({ "challenge_id": nyc, "provider_id": brazil, "rule": "lock" }), "provider"),
        (json!({ "challenge_id": brazil, "provider_id": nyc, "rule": "allow_same_country" }), "rule"),
    ] {
        let problem =
            json_of(staff.send_json(Method::PUT, &rules, &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem.to_string().contains(want), "{problem}");
    }
    let unknown = staff
        .send_json(Method::PUT, &rules, &json!({ "challenge_id": brazil, "provider_id": nyc, "rule": "maybe" }))
        .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST, "a rule the API does not know is a malformed body");
    // The run page's rule list starts on no rule: "Set" without a choice changes nothing.
    let (_, run_page) = staff.get_html(&format!("/t/opsi/matching/runs/{first_run}")).await;
    assert!(run_page.contains("<option value=\"\" selected>Choose a rule</option>"), "no rule is chosen for staff");
    assert!(run_page.contains("name=\"rule\" required>"), "browsers ask for a choice first");
    let unchosen = staff
        .post_form(&rules_page, &[("challenge", &brazil), ("provider", &nyc), ("rule", ""), ("run", &first_run)])
        .await;
    assert_eq!(unchosen.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&unchosen),
        format!("/t/opsi/matching/runs/{first_run}"),
        "to the top, where the notice is"
    );
    let (_, back) = staff.get_html(&crate::helpers::location(&unchosen)).await;
    assert!(back.contains("No rule was chosen, so nothing changed"), "it says so");
    assert_eq!(app.count("select count(*) from matching_runs").await, runs_before);
    assert_eq!(app.count("select count(*) from matching_pair_rules").await, 0);
    let published =
        staff.send_json(Method::POST, &format!("/api/v1/t/opsi/matching/runs/{first_run}/publish"), &json!({})).await;
    assert_eq!(published.status(), StatusCode::CONFLICT, "a published run is not published twice");

    // Rule NYC out for Brazil and lock Digdir in: the next run follows, and compare says why.
    for body in [
        json!({ "challenge_id": brazil, "provider_id": nyc, "rule": "rule_out" }),
        json!({ "challenge_id": brazil, "provider_id": digdir, "rule": "lock" }),
    ] {
        assert_eq!(staff.send_json(Method::PUT, &rules, &body).await.status(), StatusCode::NO_CONTENT);
    }
    let second =
        json_of(staff.send_json(Method::POST, &format!("{MATCHING}/runs"), &json!({})).await, StatusCode::CREATED)
            .await;
    let second_id = second["run"]["id"].as_str().unwrap().to_string();
    let made: BTreeSet<(String, String)> = second["outcome"]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["challenge"].as_str().unwrap().to_string(), m["provider"].as_str().unwrap().to_string()))
        .collect();
    assert!(!made.contains(&(brazil.clone(), nyc.clone())), "ruled out");
    assert!(made.contains(&(brazil.clone(), digdir.clone())), "locked in");
    // Each rule reads plainly, its provider named by team and country (offer titles repeat).
    let (_, run_page) = staff.get_html(&format!("/t/opsi/matching/runs/{second_id}")).await;
    assert!(
        run_page.contains("govuk-tag--red\">Ruled out</strong>"),
        "the rule set is shown, not only said to screen readers"
    );
    let (_, matching) = staff.get_html("/t/opsi/p/incubator-2024/matching").await;
    assert!(matching.contains("New York City Civic Engagement Commission (US)"), "{matching}");
    let compared = json_of(
        staff.get(&format!("/api/v1/t/opsi/matching/runs/{second_id}/compare/{first_run}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(compared["same_inputs"], json!(false));
    let reasons_of = |list: &str, provider: &str| -> Vec<String> {
        compared[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["challenge"] == json!(brazil) && c["provider"] == json!(provider))
            .map(|c| c["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(reasons_of("removed", &nyc), ["ruled_out"]);
    assert_eq!(reasons_of("added", &digdir), ["locked_in"]);
    let (status, page) = staff.get_html(&format!("/t/opsi/matching/runs/{second_id}/compare?with={first_run}")).await;
    assert_eq!(status, StatusCode::OK);
    // Asked the other way round, the page is the later run's comparison, its labels right.
    let reversed = staff.get(&format!("/t/opsi/matching/runs/{first_run}/compare?with={second_id}")).await;
    assert_eq!(reversed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&reversed),
        format!("/t/opsi/matching/runs/{second_id}/compare?with={first_run}")
    );
    assert!(page.contains("ruled out") && page.contains("locked in"));
    // The comparison downloads with both records, and follows from them outside the server.
    let download = format!("/api/v1/t/opsi/matching/runs/{second_id}/compare/{first_run}/record");
    assert!(page.contains(&format!("href=\"{download}\"")), "the page links its download");
    let file = staff.get(&download).await;
    assert!(file.headers()["content-disposition"].to_str().unwrap().contains("matching-runs-1-2-compared.json"));
    let file = json_of(file, StatusCode::OK).await;
    assert_eq!(file["format"], json!("sweetspot-matching-comparison/1"));
    assert_eq!(file["comparison"], compared);
    let side = |name: &str| {
        let inputs: sweetspot::matching::run::Inputs = serde_json::from_value(file[name]["inputs"].clone()).unwrap();
        let outcome: sweetspot::matching::run::Outcome = serde_json::from_value(file[name]["outcome"].clone()).unwrap();
        assert_eq!(sweetspot::matching::run::run(&inputs).unwrap(), outcome, "{name} reproduces");
        (inputs, outcome)
    };
    let (earlier, later) = (side("earlier"), side("later"));
    let recomputed = sweetspot::matching::run::compare((&earlier.0, &earlier.1), (&later.0, &later.1));
    assert_eq!(serde_json::to_value(&recomputed).unwrap(), compared);

    // Publishing needs a confirmed proposal; then the teams of changed matches are emailed.
    let publish = format!("/api/v1/t/opsi/matching/runs/{second_id}/publish");
    assert_eq!(staff.send_json(Method::POST, &publish, &json!({})).await.status(), StatusCode::CONFLICT);
    let confirm = format!("/api/v1/t/opsi/matching/runs/{second_id}/confirm");
    assert_eq!(staff.send_json(Method::POST, &confirm, &json!({})).await.status(), StatusCode::NO_CONTENT);
    let done = json_of(staff.send_json(Method::POST, &publish, &json!({})).await, StatusCode::OK).await;
    assert_eq!(
        (&done["matches"], &done["changed"]),
        (&json!(4), &json!(2)),
        "Brazil's match and Italy's, whose Digdir went to Brazil"
    );
    let (subject, body) = app.last_email_to("team.norway@demo.example").await.expect("Digdir is told");
    assert!(subject.contains("Your match"), "{subject}");
    assert!(body.contains("/t/opsi/matches/"), "{body}");
    let brazil_match: String = sqlx::query_scalar("select id::text from matches where challenge_id = $1::uuid")
        .bind(&brazil)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let providers: Vec<String> =
        sqlx::query_scalar("select provider_id::text from match_providers where match_id = $1::uuid order by 1")
            .bind(&brazil_match)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(providers.contains(&digdir) && !providers.contains(&nyc), "the match has the new providers: {providers:?}");
    assert_eq!(app.count("select count(*) from matches").await, 4, "each challenge keeps its one match");

    // The same matches published again: nothing changed, nobody emailed, and it says so; the
    // run published before is marked replaced.
    let again = json_of(
        staff.send_json(Method::POST, &format!("/api/v1/t/opsi/matching/runs/{second_id}/rerun"), &json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let again = again["run"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        staff.post_form(&format!("/t/opsi/matching/runs/{again}/confirm"), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let emails_before = app.count("select count(*) from outbox").await;
    let published = staff.post_form(&format!("/t/opsi/matching/runs/{again}/publish"), &[]).await;
    assert_eq!(published.status(), StatusCode::SEE_OTHER);
    let (_, page) = staff.get_html(&crate::helpers::location(&published)).await;
    assert!(page.contains("None of them changed, so no team was emailed"), "no claim of emails not sent");
    assert_eq!(app.count("select count(*) from outbox").await, emails_before);
    let (_, matching) = staff.get_html("/t/opsi/p/incubator-2024/matching").await;
    assert_eq!(matching.matches("Published, since replaced").count(), 2, "runs 1 and 2 were replaced by the re-run");
    let (_, replaced) = staff.get_html(&format!("/t/opsi/matching/runs/{second_id}")).await;
    assert!(replaced.contains("Published, since replaced"));

    // A shortfall says its cause first: more providers asked for than are eligible, or eligible
    // ones taken by other challenges.
    let greedy = json_of(
        staff.send_json(Method::POST, &format!("{MATCHING}/runs"), &json!({ "k": 10, "c": 1 })).await,
        StatusCode::CREATED,
    )
    .await;
    let (_, page) = staff.get_html(&format!("/t/opsi/matching/runs/{}", greedy["run"]["id"].as_str().unwrap())).await;
    // Brazil: NYC ruled out above, so 7 of the 8 providers are eligible for it.
    assert!(page.contains("BR: 2 of the 10 providers asked for. Only 7 providers are eligible for it"), "{page}");
    assert!(page.contains("Not eligible: 0 of the same country, 1 ruled out"), "{page}");
    let tight = json_of(
        staff.send_json(Method::POST, &format!("{MATCHING}/runs"), &json!({ "k": 3, "c": 1 })).await,
        StatusCode::CREATED,
    )
    .await;
    let (_, page) = staff.get_html(&format!("/t/opsi/matching/runs/{}", tight["run"]["id"].as_str().unwrap())).await;
    assert!(page.contains("went to other challenges (each provider takes at most 1)"), "{page}");
}

#[tokio::test]
async fn advisors_read_matching_and_change_nothing_and_a_team_reads_only_its_own_match() {
    let app = spawn_demo().await;
    let advisor = app.as_demo("advisor@demo.example").await;
    let overview = json_of(advisor.get(MATCHING).await, StatusCode::OK).await;
    let run_id = overview["runs"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(advisor.get(&format!("/api/v1/t/opsi/matching/runs/{run_id}")).await.status(), StatusCode::OK);
    for (method, path) in [
        (Method::POST, format!("{MATCHING}/runs")),
        (Method::POST, format!("/api/v1/t/opsi/matching/runs/{run_id}/rerun")),
        (Method::POST, format!("/api/v1/t/opsi/matching/runs/{run_id}/confirm")),
        (Method::POST, format!("/api/v1/t/opsi/matching/runs/{run_id}/publish")),
    ] {
        assert_eq!(advisor.send_json(method, &path, &json!({})).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let matches = json_of(advisor.get("/api/v1/t/opsi/matches").await, StatusCode::OK).await;
    assert_eq!(matches.as_array().unwrap().len(), 4, "the board reads every match");
    let by_owner = |country: &str| {
        matches
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["challenge"]["country_code"] == json!(country))
            .map(|m| m["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (brazil, france) = (by_owner("BR"), by_owner("FR"));

    // Brazil's team reads its match, not France's, and nothing of the runs.
    let brazil_team = app.as_demo("team.brazil@demo.example").await;
    let own = json_of(brazil_team.get("/api/v1/t/opsi/matches").await, StatusCode::OK).await;
    assert_eq!(
        own.as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect::<Vec<_>>(),
        [brazil.as_str()]
    );
    assert_eq!(brazil_team.get(&format!("/api/v1/t/opsi/matches/{brazil}")).await.status(), StatusCode::OK);
    assert_eq!(brazil_team.get(&format!("/api/v1/t/opsi/matches/{france}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(brazil_team.get(&format!("/t/opsi/matches/{france}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(brazil_team.get(MATCHING).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        brazil_team.get(&format!("/api/v1/t/opsi/matching/runs/{run_id}")).await.status(),
        StatusCode::FORBIDDEN
    );
    // A provider of France's match reads it.
    let loti = app.as_demo("team.loti@demo.example").await;
    let (status, page) = loti.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ecolab"), "the challenge owner is named");

    // An advisor of another tenant reads nothing of this one's.
    let elsewhere = app.create_tenant("elsewhere").await;
    let outsider_id = app.create_user("advisor@elsewhere.example", "Outside Advisor").await;
    app.grant(elsewhere, outsider_id, TenantRole::Advisor).await;
    let outsider = app.new_browser();
    outsider.log_in_ok("advisor@elsewhere.example").await;
    assert_eq!(outsider.get(&format!("/api/v1/t/opsi/matches/{brazil}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(MATCHING).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("/api/v1/t/elsewhere/matches/{brazil}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        outsider.get(&format!("/api/v1/t/elsewhere/matching/runs/{run_id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let mine = json_of(outsider.get("/api/v1/t/elsewhere/matches").await, StatusCode::OK).await;
    assert_eq!(mine, json!([]));
}
