package bots

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

const testPolicy = `
lang: it
roles:
  press:
    questions: [factsheet, howmuch demand, where concentration]
    levels: [city, municipio]
slack:
  workspaces: {T0TEST: staff}
  channels: {C0PRESS: press}
  users:
    U0PRESS: press
    U0ENGLISH: {role: grant, lang: en}
teams:
  tenants: {tenant-1: staff}
  senders: {"aad-29:press": press}
`

func TestParsePolicy(t *testing.T) {
	p, err := ParsePolicy([]byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		who  Who
		role answer.Role
		lang question.Lang
		via  string
	}{
		{Who{Platform: "slack", Workspace: "T0TEST", Channel: "C0CHAN", User: "U0ANY"}, answer.RoleStaff, "", "slack.workspaces"},
		{Who{Platform: "slack", Workspace: "T0TEST", Channel: "C0PRESS", User: "U0ANY"}, answer.RolePress, "", "slack.channels"},
		{Who{Platform: "slack", Workspace: "T0OTHER", Channel: "C0CHAN", User: "U0PRESS"}, answer.RolePress, "", "slack.users"},
		{Who{Platform: "slack", Workspace: "T0TEST", User: "U0ENGLISH"}, answer.RoleGrant, question.English, "slack.users"},
		{Who{Platform: "teams", Workspace: "tenant-1", User: "29:x", AltUser: "aad-29:press"}, answer.RolePress, "", "teams.senders"},
		{Who{Platform: "teams", Workspace: "tenant-1", User: "29:y"}, answer.RoleStaff, "", "teams.tenants"},
	}
	for _, c := range cases {
		id := p.Resolve(c.who)
		if !id.Known || id.Role != c.role || id.Lang != c.lang || id.Via != c.via {
			t.Errorf("%+v: %+v", c.who, id)
		}
	}
	if id := p.Resolve(Who{Platform: "slack", Workspace: "T0OTHER", User: "U0NOBODY"}); id.Known {
		t.Errorf("unknown user resolved: %+v", id)
	}
	if id := (*Policy)(nil).Resolve(Who{Platform: "teams"}); !id.Known || id.Role != answer.RoleStaff {
		t.Errorf("no policy: %+v", id)
	}
	for _, bad := range []string{"roles: {boss: {}}", "slack: {users: {U1: admin}}", "lang: fr", "roles: {press: {levels: [street]}}", "slak: {}"} {
		if _, err := ParsePolicy([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The press may ask fact sheets and municipio-level figures, rounded by
// the engine; not neighbourhood rankings; unknown users are refused politely.
func TestPolicyReachesTheEngine(t *testing.T) {
	p, err := ParsePolicy([]byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	p.Path = "policy.yaml"
	ts := startServer(t, func(c *Config) { c.Policy = p })
	hook := newCatcher(t)

	q := "quanti domanda target=stranieri zona=municipio-2"
	postSlash(t, ts, q, "U0PRESS", hook.URL)
	all := texts(hook.next(t, 20*time.Second))
	ref := referenceAnswer(t, q, answer.RolePress)
	if ref.Disclosure.Rounding != 10 || !strings.Contains(all, ref.Headline) {
		t.Errorf("press answer should be the engine's rounded one (%q):\n%s", ref.Headline, all)
	}
	staff := referenceAnswer(t, q, answer.RoleStaff)
	if staff.Headline == ref.Headline {
		t.Logf("note: rounding does not change this headline")
	}

	postSlash(t, ts, "dove sottoservito target=anziani-soli raggio=800m", "U0PRESS", hook.URL)
	msg := hook.next(t, 20*time.Second)
	if msg["response_type"] != "ephemeral" || !strings.Contains(texts(msg), "profilo «ufficio stampa»") {
		t.Errorf("press asking a NIL ranking: %v", texts(msg))
	}
	postSlash(t, ts, "dove concentrazione target=anziani livello=municipio", "U0PRESS", hook.URL)
	if m := hook.next(t, 20*time.Second); !isAnswer(m) {
		t.Errorf("press at municipio level refused: %s", texts(m))
	}
	// Unknown user: a polite refusal at once, as the ack, and no follow-up.
	resp, body := postSlash(t, ts, "quanti domanda target=minori", "U0NOBODY", hook.URL)
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	// U0NOBODY is in T0TEST (the form's team), so staff: use another team.
	_ = body
	b := slashForm("quanti domanda target=minori", "U0NOBODY", hook.URL)
	b = []byte(strings.Replace(string(b), "team_id=T0TEST", "team_id=T0ELSE", 1))
	_, body = post(t, ts.URL+"/slack/commands", b, "application/x-www-form-urlencoded", slackSigned(b, time.Now()))
	if !strings.Contains(string(body), "non sei ancora abilitato") || !strings.Contains(string(body), "ephemeral") {
		t.Errorf("unknown user: %s", body)
	}
	hook.next(t, 20*time.Second) // the staff answer to U0NOBODY in T0TEST
	hook.none(t, 200*time.Millisecond)

	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 5 })
	outcomes := map[string]int{}
	for _, e := range ts.auditLines(t) {
		outcomes[e.Role+":"+e.Outcome]++
	}
	want := map[string]int{"press:answered": 2, "press:refused": 1, "staff:answered": 1, ":unknown_user": 1}
	for k, n := range want {
		if outcomes[k] != n {
			t.Errorf("audit outcomes %v, want %v", outcomes, want)
			break
		}
	}
	if h := ts.health(); h.Policy != "file policy.yaml" {
		t.Errorf("health policy %q", h.Policy)
	}
}

func TestPolicyLevels(t *testing.T) {
	p, _ := ParsePolicy([]byte(testPolicy))
	rules := p.Roles["press"]
	cat, _ := openDemo(t.Context())
	defer cat.Close()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]bool{
		// A fact sheet ranks the area's NILs (template scheda): not with
		// levels [city, municipio]; the example policy adds nil for the press.
		"factsheet target=anziani area=municipio-9":          false,
		"factsheet target=anziani area=nil-28":               false,
		"howmuch demand target=anziani":                      true,
		"howmuch demand target=anziani area=nil-28":          false,
		"where concentration target=anziani":                 false, // by NIL
		"where concentration target=anziani level=municipio": true,
		"dossier target=anziani area=municipio-9":            false,
		"help": true,
		"which center service=biblioteca at=45.46,9.19":              false,
		"where underserved target=minori radius=1km level=municipio": false, // not in the questions
	} {
		plan, err := compile(q, vocab)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if ok, why := rules.Allows(plan, vocab); ok != want {
			t.Errorf("%s: allowed %v (%s), want %v (levels %v)", q, ok, why, want, PlanLevels(plan, vocab))
		}
	}
}

func TestLoadPolicyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	os.WriteFile(path, []byte(testPolicy), 0o600)
	p, err := LoadPolicy(path)
	if err != nil || p.Path != path {
		t.Fatalf("%v %+v", err, p)
	}
}

// What each question shows, for a role limited to city and municipio
// figures (the review's cases first), and for the example policy's press
// role, which adds nil for fact sheets.
func TestPolicyLevelsByPlan(t *testing.T) {
	cat, _ := openDemo(t.Context())
	defer cat.Close()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	coarse := RoleRules{Levels: []string{"city", "municipio"}}
	for _, c := range []struct {
		q      string
		levels []string
	}{
		{"which saturation service=asilo-nido", []string{"facility", "nil", "city"}},
		{"which saturation service=asilo-nido area=municipio-9", []string{"facility", "nil", "municipio"}},
		{"where locate service=asilo-nido target=prima-infanzia count=3", []string{"facility", "nil", "city"}},
		{"howmuch centers service=asilo-nido target=prima-infanzia coverage=90%", []string{"facility", "nil", "city"}},
		{"which alternatives service=asilo-nido area=municipio-9", []string{"facility", "municipio"}},
		{"which partners target=minori area=municipio-9", []string{"facility", "municipio"}},
		{"which center service=asilo-nido at=45.46,9.19", []string{"facility"}},
		{"which center service=asilo-nido area=municipio-2", []string{"facility", "municipio"}},
		{"where served from=centro-anziani-001 target=anziani", []string{"facility", "nil"}},
		{"where overlap service=asilo-nido target=prima-infanzia level=municipio", []string{"facility", "municipio", "city"}},
		{"when route from=centro-anziani-001 area=municipio-9 target=anziani", []string{"facility", "section", "municipio"}},
		{"when saturation service=asilo-nido area=municipio-9 year=2020..2024", []string{"facility", "municipio"}},
		{"dossier target=anziani area=municipio-9", []string{"facility", "nil", "municipio"}},
		{"factsheet target=anziani area=municipio-9", []string{"nil", "municipio"}},
		{"where concentration target=anziani level=municipio", []string{"municipio", "city"}},
		{"where gap service=asilo-nido area=municipio-9 level=municipio", []string{"municipio"}},
		{"allocate budget=1000 target=anziani level=municipio", []string{"municipio", "city"}},
		{"howmuch demand target=anziani", []string{"city"}},
		{"howmuch capacity service=asilo-nido area=nil-28", []string{"nil"}},
		{"compare area=municipio-1,demo target=anziani", []string{"municipio", "city"}},
		{"profile area=municipio-9", []string{"municipio"}},
		{"explain which saturation service=asilo-nido", []string{"facility", "nil", "city"}},
	} {
		plan, err := compile(c.q, vocab)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		got := PlanLevels(plan, vocab)
		if !slices.Equal(got, c.levels) {
			t.Errorf("%s: levels %v, want %v", c.q, got, c.levels)
		}
		wantOK := !slices.ContainsFunc(c.levels, func(l string) bool { return !slices.Contains(coarse.Levels, l) })
		if ok, _ := coarse.Allows(plan, vocab); ok != wantOK {
			t.Errorf("%s: allowed %v for levels [city municipio]", c.q, ok)
		}
	}
	// A plan type the table does not know is rated at the finest area level.
	if got := PlanLevels(&unknownPlan{}, vocab); !slices.Equal(got, []string{"section"}) {
		t.Errorf("unknown plan: %v, want [section]", got)
	}
	if ok, _ := coarse.Allows(&unknownPlan{}, vocab); ok {
		t.Error("unknown plan allowed")
	}

	// The example policy: the press gets fact sheets, not NIL facilities.
	p, err := LoadPolicy(filepath.Join("..", "examples", "teams", "policy.yaml"))
	if err != nil {
		t.Skip(err)
	}
	press := p.Roles["press"]
	for q, want := range map[string]bool{
		"factsheet target=anziani area=municipio-9":          true,
		"howmuch demand target=anziani area=municipio-9":     true,
		"where concentration target=anziani level=municipio": true,
		"dossier target=anziani area=municipio-9":            false,
		"which saturation service=asilo-nido":                false,
	} {
		plan, err := compile(q, vocab)
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := press.Allows(plan, vocab); ok != want {
			t.Errorf("example policy, press: %s: allowed %v (%s), want %v", q, ok, why, want)
		}
	}
}

// unknownPlan is a plan type PlanLevels does not list.
type unknownPlan struct{ question.Help }
