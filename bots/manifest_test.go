package bots

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The example manifest declares what the server answers: the /wi command,
// the events, interactivity on /slack/interactions, the global shortcut the
// server knows (wi_ask), the Home tab and the Messages tab (direct
// messages), and the scopes all of it needs.
func TestSlackManifestDeclaresInteractivity(t *testing.T) {
	raw, err := os.ReadFile("../examples/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				Home     bool `yaml:"home_tab_enabled"`
				Messages bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			Shortcuts []struct {
				Type       string `yaml:"type"`
				CallbackID string `yaml:"callback_id"`
				Name       string `yaml:"name"`
			} `yaml:"shortcuts"`
			Commands []struct {
				URL string `yaml:"url"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Interactivity struct {
				Enabled bool   `yaml:"is_enabled"`
				URL     string `yaml:"request_url"`
			} `yaml:"interactivity"`
			Events struct {
				URL    string   `yaml:"request_url"`
				Events []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	f := m.Features
	if !f.AppHome.Home || !f.AppHome.Messages {
		t.Errorf("app_home: %+v", f.AppHome)
	}
	if len(f.Shortcuts) != 1 || f.Shortcuts[0].Type != "global" || f.Shortcuts[0].CallbackID != shortcutAsk || len(f.Shortcuts[0].Name) > 24 {
		t.Errorf("shortcuts: %+v", f.Shortcuts)
	}
	if len(f.Commands) != 1 || !strings.HasSuffix(f.Commands[0].URL, "/slack/commands") {
		t.Errorf("commands: %+v", f.Commands)
	}
	if i := m.Settings.Interactivity; !i.Enabled || !strings.HasSuffix(i.URL, "/slack/interactions") {
		t.Errorf("interactivity: %+v", i)
	}
	if e := m.Settings.Events; !strings.HasSuffix(e.URL, "/slack/events") || !slices.Contains(e.Events, "app_mention") || !slices.Contains(e.Events, "app_home_opened") {
		t.Errorf("events: %+v", e)
	}
	for _, s := range []string{"commands", "chat:write", "files:write", "app_mentions:read", "im:write"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("scope %s missing: %v", s, m.OAuth.Scopes.Bot)
		}
	}
}
