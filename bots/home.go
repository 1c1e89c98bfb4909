package bots

import (
	"container/list"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/question"
)

// The Slack Home tab: the user's role, examples for that role, the user's
// last questions, and a button that opens the question builder.

// Bounds of the memory of last questions: per user, and users.
const (
	recentPerUser = 5
	recentUsers   = 5000
)

// recentQuestions remembers each user's last questions (as the answers
// understood them, in their language), in memory: at most perUser each, and
// at most users users, the least recently active forgotten first.
type recentQuestions struct {
	perUser, users int
	mu             sync.Mutex
	byUser         map[string]*list.Element // of *recentUser
	order          *list.List               // most recent first
}

type recentUser struct {
	key string
	qs  []string // most recent first
}

func newRecentQuestions(perUser, users int) *recentQuestions {
	return &recentQuestions{perUser: perUser, users: users, byUser: map[string]*list.Element{}, order: list.New()}
}

func recentKey(w Who) string { return w.Platform + ":" + w.Workspace + ":" + w.User }

// remember remembers the question of an answer (not help).
func (r *recentQuestions) remember(w Who, rep *Reply) {
	if rep.Plan == nil {
		return
	}
	if _, help := rep.Plan.(*question.Help); help {
		return
	}
	r.add(w, showQuestion(rep.Plan.Canonical(), rep.Lang))
}

// add remembers a question, as shown to the user.
func (r *recentQuestions) add(w Who, q string) {
	if r == nil || w.User == "" || q == "" {
		return
	}
	key := recentKey(w)
	r.mu.Lock()
	defer r.mu.Unlock()
	el, ok := r.byUser[key]
	if !ok {
		el = r.order.PushFront(&recentUser{key: key})
		r.byUser[key] = el
		for r.order.Len() > r.users {
			last := r.order.Back()
			r.order.Remove(last)
			delete(r.byUser, last.Value.(*recentUser).key)
		}
	}
	r.order.MoveToFront(el)
	u := el.Value.(*recentUser)
	qs := []string{q}
	for _, old := range u.qs {
		if old != q && len(qs) < r.perUser {
			qs = append(qs, old)
		}
	}
	u.qs = qs
}

// of returns a user's last questions, most recent first.
func (r *recentQuestions) of(w Who) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if el, ok := r.byUser[recentKey(w)]; ok {
		return append([]string(nil), el.Value.(*recentUser).qs...)
	}
	return nil
}

// size is the number of users remembered.
func (r *recentQuestions) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.order.Len()
}

// publishHome publishes a user's Home tab (views.publish).
func (s *Server) publishHome(ctx context.Context, team, user string) {
	who := Who{Platform: "slack", Workspace: team, User: user}
	id := s.policy().Resolve(who)
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(id, s.langFor(id), s.recent.of(who))}}
	if _, err := s.slack.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		s.log.Warn("slack home tab not published", "err", err)
	}
}

// homeBlocks is the Home tab of a user: who wi takes them for (their role,
// in their language), a button for the question builder, examples of the
// questions that role may ask, and their last questions.
func homeBlocks(id Identity, l question.Lang, recent []string) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "wi — Welfare Intelligence", false, false)),
	}
	if !id.Known {
		return append(blocks, section(":lock: "+slackEscape(l.Pick(
			"Non sei ancora abilitato a fare domande a wi: chiedi a chi amministra wi nella tua organizzazione di aggiungerti.",
			"You are not enabled to ask wi questions yet: ask whoever runs wi in your organisation to add you."))))
	}
	role := fmt.Sprintf(l.Pick("Il tuo profilo: *%s*.", "Your role: *%s*."), slackEscape(roleName(id.Role, l)))
	if id.Role.Exact() {
		role += l.Pick(" Vedi i conteggi esatti: non pubblicarli così come sono.", " You see exact counts: do not publish them as they are.")
	}
	open := slack.NewButtonBlockElement(actionOpenBuilder, "home", slack.NewTextBlockObject(slack.PlainTextType,
		l.Pick("Componi una domanda", "Build a question"), false, false))
	open.Style = slack.StylePrimary
	blocks = append(blocks, section(role), slack.NewActionBlock("wi_home_actions", open), section(slackEscape(helpIntro("slack", l))))
	var ex strings.Builder
	for _, e := range helpExamples(l) {
		if roleMayAsk(id.Rules, e, l) {
			ex.WriteString("• `/wi " + slackEscape(e) + "`\n")
		}
	}
	if ex.Len() == 0 {
		for _, q := range id.Rules.Questions {
			ex.WriteString("• `/wi " + slackEscape(showQuestion(strings.TrimSpace(q), l)) + " …`\n")
		}
	}
	blocks = append(blocks, section(ex.String()))
	if len(recent) > 0 {
		var b strings.Builder
		b.WriteString("*" + l.Pick("Le tue ultime domande", "Your last questions") + "*\n")
		for _, q := range recent {
			b.WriteString("• `/wi " + slackEscape(clip(q, 300)) + "`\n")
		}
		blocks = append(blocks, slack.NewDividerBlock(), section(b.String()))
	}
	blocks = append(blocks, contextBlock(slackEscape(l.Pick(
		"Scrivi /wi aiuto per l'elenco di tutte le domande, ciascuna con un esempio. Le risposte sono nella lingua della domanda e le vedi solo tu, finché non le condividi nel canale.",
		"Type /wi help for every question, each with an example. Answers are in the language of the question, and only you see them until you share them in the channel."))))
	return compact(blocks)
}
