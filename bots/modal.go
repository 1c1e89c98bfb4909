package bots

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
)

// The question builder: a global shortcut (callback_id wi_ask) or the Home
// tab's button opens a modal (views.open) whose menus are filled from the
// catalog's vocabulary: the question, the target, the service, the area
// (grouped by level) and the radius. Its submission (view_submission) is
// written as a question in the user's language, compiled, and answered in
// the user's direct messages with the app; mistakes come back to the modal
// as response_action "errors" on the menu at fault.

// builderCallback is the modal's callback_id.
const builderCallback = "wi_ask_modal"

// Block Kit limits of a select menu.
const (
	selectMaxOptions = 100
	optionTextMax    = 75
)

// The keys the builder offers, in the order of the modal; each is the
// block_id of its menu.
var builderKeys = []string{"target", "service", "area", "radius"}

// builderRadii are the radii offered.
var builderRadii = []string{"300m", "500m", "800m", "1km", "1.5km", "2km"}

// slackViewState is the part of a view_submission's view wi reads.
type slackViewState struct {
	ID              string `json:"id"`
	CallbackID      string `json:"callback_id"`
	PrivateMetadata string `json:"private_metadata"`
	State           struct {
		Values map[string]map[string]struct {
			SelectedOption *struct {
				Value string `json:"value"`
			} `json:"selected_option"`
		} `json:"values"`
	} `json:"state"`
}

// builderQuestions are the questions the builder offers a role: those whose
// required keys it can fill (a target, a service, one area, a radius, or a
// fixed example value), and that the role may ask.
func builderQuestions(rules RoleRules) []question.QuestionSpec {
	var out []question.QuestionSpec
	for _, q := range question.Questions {
		if q.Verb == "help" || q.Verb == "explain" {
			continue
		}
		ok := true
		for _, k := range q.Keys {
			if k.Required && !slices.Contains(builderKeys, k.Key) && k.Value == "" {
				ok = false
			}
			if k.Required && (k.Value == "pair" || k.Value == "range" || k.Key == "from" || k.Key == "budget") {
				ok = false
			}
		}
		canon := strings.TrimSpace(q.Verb + " " + q.Subject)
		if ok && roleMayAsk(rules, canon, question.English) {
			out = append(out, q)
		}
	}
	return out
}

// specOf returns the question of a canonical "verb subject".
func specOf(canon string) (question.QuestionSpec, bool) {
	for _, q := range question.Questions {
		if strings.TrimSpace(q.Verb+" "+q.Subject) == canon {
			return q, true
		}
	}
	return question.QuestionSpec{}, false
}

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, clip(s, optionTextMax), false, false)
}

func option(label, value string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plainText(label), nil)
}

// builderView is the modal for a user of a role, in their language.
func builderView(id Identity, l question.Lang, vocab *question.Vocabulary) slack.ModalViewRequest {
	var kinds []*slack.OptionBlockObject
	for _, q := range builderQuestions(id.Rules) {
		canon := strings.TrimSpace(q.Verb + " " + q.Subject)
		kinds = append(kinds, option(showQuestion(canon, l), canon))
	}
	sel := func(block, label, placeholder string, opts []*slack.OptionBlockObject, groups []*slack.OptionGroupBlockObject, optional bool) *slack.InputBlock {
		el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(placeholder), "v", opts...)
		if len(groups) > 0 {
			el = slack.NewOptionsGroupSelectBlockElement(slack.OptTypeStatic, plainText(placeholder), "v", groups...)
		}
		in := slack.NewInputBlock(block, plainText(label), nil, el)
		in.Optional = optional
		return in
	}
	var targets, services []*slack.OptionBlockObject
	for _, t := range vocab.Targets {
		if len(targets) < selectMaxOptions {
			targets = append(targets, option(t.Name(l), t.Slug))
		}
	}
	for _, s := range vocab.Services {
		if len(services) < selectMaxOptions {
			services = append(services, option(s.Name(l), s.Slug))
		}
	}
	sort.SliceStable(targets, func(i, j int) bool { return targets[i].Text.Text < targets[j].Text.Text })
	sort.SliceStable(services, func(i, j int) bool { return services[i].Text.Text < services[j].Text.Text })
	// Areas by level, a group each (at most 100 options a group): the city,
	// its municipi, its neighbourhoods. Census sections are too many for a
	// menu: a question by section is typed.
	var groups []*slack.OptionGroupBlockObject
	for _, lv := range []string{question.LevelCity, question.LevelMunicipio, question.LevelNIL} {
		var opts []*slack.OptionBlockObject
		for _, a := range vocab.Areas {
			if a.Level == lv && len(opts) < selectMaxOptions {
				opts = append(opts, option(a.Name, a.Slug))
			}
		}
		if len(opts) == 0 {
			continue
		}
		if lv != question.LevelCity {
			sort.SliceStable(opts, func(i, j int) bool {
				return areaOrder(opts[i].Value, opts[j].Value, opts[i].Text.Text, opts[j].Text.Text)
			})
		}
		name := []rune(question.LevelName(lv, l))
		name[0] = unicode.ToUpper(name[0])
		groups = append(groups, slack.NewOptionGroupBlockElement(plainText(string(name)), opts...))
	}
	var radii []*slack.OptionBlockObject
	for _, r := range builderRadii {
		radii = append(radii, option(r, r))
	}
	blocks := []slack.Block{
		section(slackEscape(l.Pick("Scegli la domanda e ciò che ti serve: wi la scrive, la controlla e ti risponde in un messaggio diretto.",
			"Choose the question and what you need: wi writes it, checks it and answers you in a direct message."))),
		sel("kind", l.Pick("Domanda", "Question"), l.Pick("Che cosa vuoi sapere?", "What do you want to know?"), kinds, nil, false),
		sel("target", "Target", l.Pick("Per chi?", "For whom?"), targets, nil, true),
		sel("service", l.Pick("Servizio", "Service"), l.Pick("Quale servizio?", "Which service?"), services, nil, true),
		sel("area", l.Pick("Zona", "Area"), l.Pick("Dove? (per livello)", "Where? (by level)"), nil, groups, true),
		sel("radius", l.Pick("Raggio", "Radius"), l.Pick("Entro quale distanza?", "Within which distance?"), radii, nil, true),
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      builderCallback,
		Title:           plainText(l.Pick("Chiedi a wi", "Ask wi")),
		Submit:          plainText(l.Pick("Chiedi", "Ask")),
		Close:           plainText(l.Pick("Annulla", "Cancel")),
		PrivateMetadata: string(l),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// areaOrder sorts municipi by number, other areas by name.
func areaOrder(a, b, na, nb string) bool {
	var x, y int
	if _, err := fmt.Sscanf(a, "municipio-%d", &x); err == nil {
		if _, err := fmt.Sscanf(b, "municipio-%d", &y); err == nil {
			return x < y
		}
	}
	return na < nb
}

// openBuilder opens the question builder for the user of a shortcut or of
// the Home tab's button (views.open, within the trigger's 3 seconds).
func (s *Server) openBuilder(ctx context.Context, p *slackInteraction) {
	if s.slack == nil || p.TriggerID == "" {
		return
	}
	who := p.who()
	id := s.policy().Resolve(who)
	if !id.Known {
		return // the Home tab says so; a shortcut has nowhere to say it
	}
	g := s.engines.acquire()
	if g == nil {
		return
	}
	vocab, err := g.eng.Vocabulary(ctx)
	g.release()
	if err != nil {
		s.log.Warn("question builder: no vocabulary", "err", err)
		return
	}
	if _, err := s.slack.OpenViewContext(ctx, p.TriggerID, builderView(id, s.langFor(id), vocab)); err != nil {
		s.log.Warn("slack views.open failed", "err", err)
	}
}

// builderText writes the question a submission chose, in the language, or
// the errors to show on the blocks at fault.
func builderText(v slackViewState, l question.Lang, rules RoleRules) (string, map[string]string) {
	chosen := func(block string) string {
		if o := v.State.Values[block]["v"].SelectedOption; o != nil {
			return o.Value
		}
		return ""
	}
	kind := chosen("kind")
	q, ok := specOf(kind)
	if !ok || !slices.ContainsFunc(builderQuestions(rules), func(x question.QuestionSpec) bool { return x.Verb == q.Verb && x.Subject == q.Subject }) {
		return "", map[string]string{"kind": l.Pick("Scegli una delle domande dell'elenco.", "Choose one of the questions in the list.")}
	}
	words := []string{kind}
	errs := map[string]string{}
	for _, k := range q.Keys {
		val := ""
		if slices.Contains(builderKeys, k.Key) {
			val = chosen(k.Key)
		}
		if val == "" && k.Required && k.Value != "" && !slices.Contains(builderKeys, k.Key) {
			val = k.Value // coverage=90%, …: the usual value
		}
		if val == "" && k.Required {
			if k.Key == "radius" {
				val = "800m"
			} else {
				errs[k.Key] = fmt.Sprintf(l.Pick("Questa domanda vuole %s.", "This question needs %s."), keyNeeded(k.Key, l))
				continue
			}
		}
		if val != "" {
			words = append(words, k.Key+"="+val)
		}
	}
	// A choice the question does not take is an error, not silently dropped.
	for _, b := range builderKeys {
		if chosen(b) != "" && !slices.ContainsFunc(q.Keys, func(k question.KeySpec) bool { return k.Key == b }) {
			errs[b] = fmt.Sprintf(l.Pick("«%s» non usa questa scelta: toglila o cambia domanda.", "“%s” does not use this choice: clear it or change the question."),
				showQuestion(kind, l))
		}
	}
	if len(errs) > 0 {
		return "", errs
	}
	return showQuestion(strings.Join(words, " "), l), nil
}

func keyNeeded(key string, l question.Lang) string {
	switch key {
	case "target":
		return l.Pick("un target", "a target")
	case "service":
		return l.Pick("un servizio", "a service")
	case "area":
		return l.Pick("una zona", "an area")
	}
	return key
}

// viewSubmission answers a submission of the question builder: errors on
// the blocks at fault, or the modal closed and the answer sent as a direct
// message.
func (s *Server) viewSubmission(w http.ResponseWriter, p *slackInteraction) {
	if p.View.CallbackID != builderCallback {
		w.WriteHeader(http.StatusOK)
		return
	}
	who := p.who()
	id := s.policy().Resolve(who)
	l, err := question.ParseLang(p.View.PrivateMetadata)
	if err != nil || p.View.PrivateMetadata == "" {
		l = s.langFor(id)
	}
	text, errs := builderText(p.View, l, id.Rules)
	if errs == nil {
		// Compiled here too, to show a mistake on the modal, not in a message.
		if g := s.engines.acquire(); g != nil {
			vocab, verr := g.eng.Vocabulary(context.Background())
			g.release()
			if verr == nil {
				if _, cerr := dsl.Compile(text, vocab); cerr != nil {
					msg, _, _ := strings.Cut((&ask.CompileError{Question: text, Err: cerr}).Show(l), "\n")
					errs = map[string]string{"kind": clip(msg, 150)}
				}
			}
		}
	}
	if errs != nil {
		writeSlackJSON(w, map[string]any{"response_action": "errors", "errors": errs})
		return
	}
	w.WriteHeader(http.StatusOK) // closes the modal
	msg := Message{Who: who, Text: text, lang: l, await: true, action: "modal"}
	s.background("slack modal", func(ctx context.Context) {
		var t *turn
		defer s.endOnPanic("slack modal", &t, nil)
		ch, derr := s.dm(ctx, who.User)
		t, rep := s.begin(ctx, msg)
		if rep == nil {
			rep = t.answer(ctx)
			if rep.Kind == KindDocument {
				rep = s.slackDocument(ctx, t, rep, ch, "")
			}
			t.end(rep)
			if rep.delivered {
				t.delivered(nil)
				return
			}
		}
		if derr != nil {
			t.delivered(fmt.Errorf("direct message: %w", derr))
			return
		}
		t.delivered(s.post(ctx, ch, who.User, "", rep))
	})
}
