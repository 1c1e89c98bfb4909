package bots

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// teamsActivity is what a Teams outgoing webhook posts (a Bot Framework
// activity; only the fields wi reads).
type teamsActivity struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Text string `json:"text"`
	From struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		AADObjectID string `json:"aadObjectId"`
	} `json:"from"`
	Conversation struct {
		ID string `json:"id"`
	} `json:"conversation"`
	ChannelData struct {
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
		Channel struct {
			ID string `json:"id"`
		} `json:"channel"`
	} `json:"channelData"`
}

// teamsWebhook answers POST /teams/webhook: verified by HMAC, answered
// synchronously within TeamsDeadline; a dossier, or an answer that takes
// longer, is replied to at once with a link to /files/{token}.
func (s *Server) teamsWebhook(w http.ResponseWriter, r *http.Request) {
	// Teams waits about 5 s from sending the request: the budget counts
	// from its arrival, and covers the wait for a slot as well as the answer.
	arrived := time.Now()
	body := s.readBody(w, r)
	if body == nil {
		return
	}
	if err := VerifyTeams(r.Header, body, s.teamsKey); err != nil {
		s.unauthorized(w, r, err)
		return
	}
	var act teamsActivity
	if err := json.Unmarshal(body, &act); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	// Teams signs the body but sends no timestamp: a captured request would
	// verify again. Each activity has its own ID: answer it once.
	if act.ID != "" && s.duplicate("teams:"+act.ID) {
		s.log.Warn("teams activity already answered: ignored (a replay?)", "remote", r.RemoteAddr)
		http.Error(w, "activity already answered", http.StatusConflict)
		return
	}
	channel := act.ChannelData.Channel.ID
	if channel == "" {
		channel = act.Conversation.ID
	}
	msg := Message{Who: Who{Platform: "teams", Workspace: act.ChannelData.Tenant.ID, Channel: channel,
		User: act.From.ID, AltUser: act.From.AADObjectID}, Text: act.Text, await: true}
	// A slot is waited for at most half the budget left: the other half is
	// for the answer, or for the "still working" reply.
	wait := min(s.cfg.BusyWait, (s.cfg.TeamsDeadline-time.Since(arrived))/2)
	t, now := s.beginWaiting(r.Context(), msg, max(wait, 0))
	if now != nil {
		t.delivered(writeTeams(w, TeamsMessage(now, "")))
		return
	}
	// Questions known to be slow (siting, set covering, allocation, routes,
	// documents) get their link at once, not after the budget.
	budget := max(s.cfg.TeamsDeadline-time.Since(arrived), 0)
	slow := slowQuestion(t.text) && s.cfg.PublicURL != ""
	if slow {
		budget = 0
	}
	deadline := time.NewTimer(budget)
	defer deadline.Stop()
	l := t.lang
	answered := make(chan *Reply) // unbuffered: exactly one side takes the reply
	late := make(chan struct{})
	var (
		lateMu   sync.Mutex
		lateFile *storedFile // set by the handler before it closes late
	)
	getLate := func() *storedFile {
		lateMu.Lock()
		defer lateMu.Unlock()
		return lateFile
	}
	setLate := func(f *storedFile) {
		lateMu.Lock()
		lateFile = f
		lateMu.Unlock()
	}
	ok := s.background("teams question", func(ctx context.Context) {
		defer s.endOnPanic("teams question", &t, func() *storedFile {
			// The handler reserves the file, if any, before closing late,
			// which it does within TeamsDeadline or not at all (when it took
			// the answer itself).
			select {
			case <-late:
			case <-time.After(s.cfg.TeamsDeadline + time.Second):
			}
			return getLate()
		})
		rep := t.answer(ctx)
		if rep.Kind != KindDocument {
			select {
			case answered <- rep:
				return
			case <-late:
			}
			// The handler replied with a link: the answer goes to the file.
			t.end(rep)
			if getLate() == nil {
				t.delivered(errors.New("slower than Teams waits, and no public URL for a link"))
			} else {
				t.delivered(nil) // the link was given; its fetch is audited as such
			}
			if getLate() != nil {
				var b bytes.Buffer
				if rep.Result != nil {
					reports.Text(&b, rep.Result)
				} else {
					b.WriteString(rep.Text + "\n" + rep.Code + "\n")
				}
				s.files.complete(getLate(), "", "", b.Bytes(), nil)
			}
			return
		}
		select {
		case answered <- rep:
			<-late // the handler has reserved the link, or decided there is none
		case <-late:
		}
		if getLate() == nil {
			t.end(&Reply{Kind: KindError, Lang: rep.Lang, Role: rep.Role, Plan: rep.Plan, Text: "no public URL to deliver the document"})
			t.delivered(errors.New("no public URL to deliver the document"))
			return
		}
		out := t.document(ctx, rep)
		t.end(out)
		t.delivered(nil)
		if out.Document == nil {
			s.files.complete(getLate(), "", "", nil, errors.New(out.Text))
			return
		}
		s.files.complete(getLate(), out.Document.FileName, "application/pdf", out.Document.PDF, nil)
	})
	if !ok { // shutting down
		t.end(shuttingDown(l))
		t.delivered(writeTeams(w, TeamsMessage(shuttingDown(l), "")))
		return
	}
	select {
	case rep := <-answered:
		if rep.Kind != KindDocument {
			t.end(rep)
			t.delivered(writeTeams(w, TeamsMessage(rep, "")))
			return
		}
		// A document takes longer than Teams waits: a link at once.
		if s.cfg.PublicURL == "" {
			close(late)
			writeTeams(w, TeamsMessage(&Reply{Kind: KindError, Lang: l, Text: l.Pick(
				"Per consegnare i documenti serve l'indirizzo pubblico del server (WI_PUBLIC_URL).",
				"Delivering documents needs the server's public URL (WI_PUBLIC_URL).")}, ""))
			return
		}
		f, token := s.files.reserve("wi.pdf", "application/pdf")
		setLate(f)
		close(late)
		text := fmt.Sprintf(l.Pick("Preparo %s: sarà pronto in pochi secondi a questo collegamento (valido %s).",
			"Preparing %s: it will be ready in a few seconds at this link (valid for %s)."), documentKind(rep.Plan, l), s.cfg.FileTTL)
		writeTeams(w, TeamsMessage(&Reply{Kind: KindAnswer, Lang: l, Plan: rep.Plan, Text: text}, s.link(token)))
	case <-deadline.C:
		if s.cfg.PublicURL != "" {
			f, token := s.files.reserve("wi-risposta.txt", "text/plain; charset=utf-8")
			f.owner = t.owner()("answer")
			setLate(f)
			close(late)
			text := l.Pick("⏳ Sto ancora preparando la risposta: sarà a questo collegamento tra pochi secondi.",
				"⏳ Still working on the answer: it will be at this link in a few seconds.")
			if slow {
				text = l.Pick("⏳ Sto preparando la risposta: questa domanda richiede qualche secondo in più. Sarà a questo collegamento appena pronta.",
					"⏳ Preparing the answer: this question takes a few more seconds. It will be at this link as soon as it is ready.")
			}
			writeTeams(w, TeamsMessage(&Reply{Kind: KindAnswer, Lang: l, Text: text}, s.link(token)))
			return
		}
		close(late)
		writeTeams(w, TeamsMessage(&Reply{Kind: KindError, Lang: l, Text: l.Pick(
			"La risposta richiede più tempo di quanto Teams possa aspettare: prova a restringere la domanda.",
			"The answer takes longer than Teams can wait: try narrowing the question.")}, ""))
	}
}

func writeTeams(w http.ResponseWriter, msg map[string]any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(msg)
}

// slowQuestions are the questions that take longer than Teams waits, by
// their canonical verb and subject: siting and set covering (where locate,
// howmuch centers), allocation and routes. Dossiers and fact sheets need
// no list: they are known as documents once compiled, at once, and get
// their link ("Preparo il dossier…") without waiting either.
var slowQuestions = []string{"where locate", "howmuch centers", "allocate", "when route"}

// slowQuestion reports whether a question, in either language, is one of
// slowQuestions: read from its first two words, without compiling it.
func slowQuestion(text string) bool {
	f := strings.Fields(strings.ToLower(text))
	if len(f) == 0 {
		return false
	}
	canon := ""
	for _, v := range question.Verbs {
		if !slices.ContainsFunc(v.Spellings(), func(s string) bool { return strings.EqualFold(s, f[0]) }) {
			continue
		}
		canon = v.EN
		if len(v.Subjects) > 0 && len(f) > 1 {
			for _, sub := range v.Subjects {
				if slices.ContainsFunc(sub.Spellings(), func(s string) bool { return strings.EqualFold(s, f[1]) }) {
					canon += " " + sub.EN
				}
			}
		}
		break
	}
	return slices.Contains(slowQuestions, canon)
}
