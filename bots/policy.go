package bots

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// Policy says who may ask and what: it maps Slack workspaces, channels and
// users, and Teams tenants, channels and senders, to roles, and each role to
// the questions it may ask. It is read from a YAML file (--policy):
//
//	lang: it                      # default language of replies (it or en)
//	roles:                        # what each role may ask; a role not listed may ask anything
//	  press:
//	    questions: [factsheet, howmuch demand, help]   # canonical English prefixes
//	    levels: [city, municipio]                      # finest areas its answers may show
//	slack:
//	  workspaces: {T0123ABCD: staff}
//	  channels:   {C0456EFGH: {role: press}}
//	  users:      {U0789IJKL: {role: grant, lang: en}}
//	teams:
//	  tenants:  {"72f988bf-…": staff}
//	  channels: {"19:abc…@thread.skype": press}
//	  senders:  {"29:1a2b…": press, "aad-object-id": staff}
//
// The most specific entry wins: a user (sender) before a channel, a channel
// before a workspace (tenant). A user no entry matches is refused, politely.
type Policy struct {
	Path  string               `yaml:"-"`
	Lang  string               `yaml:"lang"`
	Roles map[string]RoleRules `yaml:"roles"`
	Slack struct {
		Workspaces map[string]Grant `yaml:"workspaces"`
		Channels   map[string]Grant `yaml:"channels"`
		Users      map[string]Grant `yaml:"users"`
	} `yaml:"slack"`
	Teams struct {
		Tenants  map[string]Grant `yaml:"tenants"`
		Channels map[string]Grant `yaml:"channels"`
		Senders  map[string]Grant `yaml:"senders"`
	} `yaml:"teams"`
}

// RoleRules limit what a role may ask. Empty lists allow everything.
type RoleRules struct {
	// Questions are canonical prefixes in English ("factsheet", "howmuch
	// demand", "where concentration"); help is always allowed.
	Questions []string `yaml:"questions"`
	// Levels are the finest levels a question may reach: section, nil,
	// municipio, city and facility (a single facility's catchment or a point).
	Levels []string `yaml:"levels"`
}

// Grant is a policy entry: a role, and optionally the language of replies.
// In YAML it is either a role name or a mapping {role: …, lang: …}.
type Grant struct {
	Role answer.Role `yaml:"role"`
	Lang string      `yaml:"lang"`
}

// UnmarshalYAML reads a Grant from a scalar role or a mapping.
func (g *Grant) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		g.Role = answer.Role(n.Value)
		return nil
	}
	type plain Grant
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*g = Grant(p)
	return nil
}

// LoadPolicy reads and checks a policy file.
func LoadPolicy(path string) (*Policy, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	p, err := ParsePolicy(raw)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	p.Path = path
	return p, nil
}

// ParsePolicy reads and checks a policy.
func ParsePolicy(raw []byte) (*Policy, error) {
	p := &Policy{}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, err
	}
	if _, err := question.ParseLang(p.Lang); err != nil {
		return nil, err
	}
	for name, rules := range p.Roles {
		if _, err := answer.ParseRole(name); err != nil {
			return nil, fmt.Errorf("roles: %w", err)
		}
		for _, l := range rules.Levels {
			if levelRank(l) < 0 {
				return nil, fmt.Errorf("roles.%s.levels: unknown level %q: use section, nil, municipio, city or facility", name, l)
			}
		}
	}
	for _, m := range []map[string]Grant{p.Slack.Workspaces, p.Slack.Channels, p.Slack.Users, p.Teams.Tenants, p.Teams.Channels, p.Teams.Senders} {
		for k, g := range m {
			r, err := answer.ParseRole(string(g.Role))
			if err != nil || g.Role == "" {
				return nil, fmt.Errorf("entry %q: role %q: use staff, grant, press or analyst (exact counts: the statistics office only)", k, g.Role)
			}
			if _, err := question.ParseLang(g.Lang); err != nil {
				return nil, fmt.Errorf("entry %q: %w", k, err)
			}
			g.Role = r
			m[k] = g
		}
	}
	return p, nil
}

// Who is the asker of a chat message, as the platform identifies them.
type Who struct {
	Platform  string // "slack" or "teams"
	Workspace string // Slack team ID or Teams tenant ID
	Channel   string
	User      string // Slack user ID or Teams sender ID
	AltUser   string // Teams: the sender's Azure AD object ID
	// External: the asker belongs to another organisation than the
	// workspace the request came through (a Slack Connect shared channel).
	// Only an entry for the user itself applies: channel and workspace
	// entries grant roles to the host's own people.
	External bool
}

// Identity is what the policy grants an asker.
type Identity struct {
	Known bool
	Role  answer.Role
	Lang  question.Lang // "" = the server's default
	Rules RoleRules
	Via   string // which entry matched, e.g. "slack.users"
}

// Resolve finds the most specific entry for the asker. A nil policy makes
// everyone staff.
func (p *Policy) Resolve(w Who) Identity {
	if p == nil {
		return Identity{Known: true, Role: answer.RoleStaff, Via: "no policy"}
	}
	type level struct {
		name string
		m    map[string]Grant
		keys []string
	}
	var levels []level
	switch w.Platform {
	case "slack":
		levels = []level{{"slack.users", p.Slack.Users, []string{w.User}},
			{"slack.channels", p.Slack.Channels, []string{w.Channel}},
			{"slack.workspaces", p.Slack.Workspaces, []string{w.Workspace}}}
		if w.External {
			levels = levels[:1]
		}
	case "teams":
		levels = []level{{"teams.senders", p.Teams.Senders, []string{w.User, w.AltUser}},
			{"teams.channels", p.Teams.Channels, []string{w.Channel}},
			{"teams.tenants", p.Teams.Tenants, []string{w.Workspace}}}
	}
	for _, lv := range levels {
		for _, k := range lv.keys {
			if k == "" {
				continue
			}
			if g, ok := lv.m[k]; ok {
				l, _ := question.ParseLang(g.Lang)
				if g.Lang == "" {
					l = ""
				}
				return Identity{Known: true, Role: g.Role, Lang: l, Rules: p.Roles[string(g.Role)], Via: lv.name}
			}
		}
	}
	return Identity{}
}

// levelRank orders the levels from the finest, single facilities first;
// -1 for an unknown one.
func levelRank(l string) int {
	if l == LevelFacility {
		return 0
	}
	if lv, ok := question.LevelOf(l); ok {
		return lv.Rank + 1
	}
	return -1
}

// Allows says whether the rules let a role ask a plan, and why not.
func (r RoleRules) Allows(plan question.Plan, vocab *question.Vocabulary) (bool, string) {
	if _, ok := plan.(*question.Help); ok {
		return true, ""
	}
	canon := plan.Canonical()
	if len(r.Questions) > 0 {
		ok := false
		for _, q := range r.Questions {
			q = strings.TrimSpace(q)
			if canon == q || strings.HasPrefix(canon, q+" ") {
				ok = true
				break
			}
		}
		if !ok {
			return false, "question"
		}
	}
	if len(r.Levels) > 0 {
		for _, l := range PlanLevels(plan, vocab) {
			if !slices.Contains(r.Levels, l) {
				return false, "level"
			}
		}
	}
	return true, ""
}

// LevelFacility is the level of an answer that shows single facilities or
// points: finer than any area (engine.LevelFacility).
const LevelFacility = engine.LevelFacility

// PlanLevels lists the levels an answer to the plan shows, from the finest:
// the level of its ranking, the levels of the areas it names, LevelFacility
// for single facilities or points. Each question's entry in the engine's
// registry says them (engine.ShownLevels), and it fails closed: a plan type
// the registry does not know counts as showing census sections, so that it
// is refused to every role with a level limit.
// TestPlanLevelsCoverResults runs every question of the language and checks
// the registry against the results.
func PlanLevels(plan question.Plan, vocab *question.Vocabulary) []string {
	return engine.ShownLevels(plan, vocab)
}
