package bots

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/reports"
)

func TestVerifyTeams(t *testing.T) {
	key, err := DecodeTeamsSecret(testTeamsKey)
	if err != nil || len(key) != 32 {
		t.Fatalf("key: %v (%d bytes)", err, len(key))
	}
	body := []byte(`{"type":"message","text":"<at>wi</at> help"}`)
	h := http.Header{}
	h.Set("Authorization", TeamsSignature(key, body))
	if err := VerifyTeams(h, body, key); err != nil {
		t.Errorf("valid: %v", err)
	}
	if err := VerifyTeams(h, append(body, ' '), key); err == nil {
		t.Errorf("changed body accepted")
	}
	other, _ := DecodeTeamsSecret("b3RoZXIta2V5LW9mLTMyLWJ5dGVzLWZvci10ZWFtcyEhIQ==")
	if err := VerifyTeams(h, body, other); err == nil {
		t.Errorf("other key accepted")
	}
	for _, bad := range []string{"", "HMAC", "HMAC !!!", "Bearer " + strings.TrimPrefix(TeamsSignature(key, body), "HMAC ")} {
		h.Set("Authorization", bad)
		if err := VerifyTeams(h, body, key); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Teams: a valid HMAC gets an Adaptive Card with the figures within 5 s; an
// invalid one gets 401.
func TestTeamsWebhook(t *testing.T) {
	ts := startServer(t, nil)
	q := "quanti domanda target=anziani zona=municipio-3"
	body := teamsBody(q, "29:sender")
	start := time.Now()
	resp, out := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, out)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("reply took %s: Teams waits 5 s", d)
	}
	var msg map[string]any
	if err := json.Unmarshal(out, &msg); err != nil {
		t.Fatal(err)
	}
	att := msg["attachments"].([]any)[0].(map[string]any)
	if msg["type"] != "message" || att["contentType"] != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("not a message with an Adaptive Card: %s", out)
	}
	card := att["content"].(map[string]any)
	if card["type"] != "AdaptiveCard" {
		t.Errorf("card type %v", card["type"])
	}
	ref := referenceAnswer(t, q, answer.RoleStaff)
	all := texts(card)
	for _, row := range ref.Rows {
		for i, c := range ref.Columns {
			if cell := reports.Cell(row[i], c, ref.Lang); !strings.Contains(all, cell) {
				t.Errorf("%q missing from the card", cell)
			}
		}
	}
	if !strings.Contains(all, ref.Headline) || !strings.Contains(all, "[DATI SINTETICI]") {
		t.Errorf("card:\n%s", all)
	}
	// Invalid HMAC, or none: 401 and no answer.
	bad := teamsSigned(body)
	bad.Set("Authorization", "HMAC "+strings.Repeat("A", 43)+"=")
	for _, h := range []http.Header{bad, {}} {
		resp, _ := post(t, ts.URL+"/teams/webhook", body, "application/json", h)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("invalid HMAC: status %d", resp.StatusCode)
		}
	}
	if n := len(ts.auditLines(t)); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}

// A dossier from Teams is replied to at once with a signed link; the link
// serves the PDF; a tampered link does not.
func TestTeamsDossierLink(t *testing.T) {
	// The PDF may take longer than the usual 30 s on a loaded machine.
	ts := startServer(t, func(c *Config) {
		c.Documents = testDocuments
		c.PublicURL = ""
		c.FileWait = 3 * time.Minute
		c.WriteTimeout = 4 * time.Minute
	})
	ts.cfg.PublicURL = ts.URL // the server's own address, known once listening
	body := teamsBody("dossier target=anziani-soli zona=municipio-9", "29:grant")
	start := time.Now()
	resp, out := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
	if resp.StatusCode != 200 || time.Since(start) > 2*time.Second {
		t.Fatalf("status %d after %s: %s", resp.StatusCode, time.Since(start), out)
	}
	var msg map[string]any
	json.Unmarshal(out, &msg)
	card := msg["attachments"].([]any)[0].(map[string]any)["content"].(map[string]any)
	actions, _ := card["actions"].([]any)
	if len(actions) != 1 {
		t.Fatalf("want one openURL action: %s", out)
	}
	act := actions[0].(map[string]any)
	link := act["url"].(string)
	if act["type"] != "Action.OpenUrl" || !strings.HasPrefix(link, ts.URL+"/files/") {
		t.Fatalf("action %v", act)
	}
	get := func(u string) (*http.Response, []byte) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	r, pdf := get(link)
	if r.StatusCode != 200 || !strings.HasPrefix(string(pdf), "%PDF-") || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("link: %d %s %q", r.StatusCode, r.Header.Get("Content-Type"), pdf[:min(len(pdf), 40)])
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, ".pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	tampered := link[:len(link)-2] + "xx"
	if r, _ := get(tampered); r.StatusCode != http.StatusNotFound {
		t.Errorf("tampered link: %d", r.StatusCode)
	}
	// Expired: the same store, a clock two days on.
	ts.files.now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	if r, b := get(link); r.StatusCode != http.StatusGone || !strings.Contains(string(b), "scaduto") {
		t.Errorf("expired link: %d %s", r.StatusCode, b)
	}
}

// An answer slower than Teams waits is replied to with a link to it.
func TestTeamsSlowAnswerGetsALink(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.TeamsDeadline = time.Nanosecond })
	ts.cfg.PublicURL = ts.URL
	body := teamsBody("quanti domanda target=anziani zona=municipio-3", "29:sender")
	_, out := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
	var msg map[string]any
	json.Unmarshal(out, &msg)
	card := msg["attachments"].([]any)[0].(map[string]any)["content"].(map[string]any)
	actions, _ := card["actions"].([]any)
	if len(actions) != 1 {
		t.Fatalf("no link in %s", out)
	}
	link, _ := actions[0].(map[string]any)["url"].(string)
	if !strings.HasPrefix(link, ts.URL+"/files/") {
		t.Fatalf("link %q", link)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Municipio 3") {
		t.Errorf("late answer: %d %s", resp.StatusCode, b)
	}
}
