package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/question"
)

// Listing the vocabulary from a question, for the chat, which has no
// command line: `help targets` (aiuto target), `aiuto servizi`, `help
// areas` (aiuto zone), `help keys` (aiuto chiavi), `quali servizi
// target=anziani` (the services serving a target) and a key asking for its
// values, `target=?` or `servizio=? target=anziani`, alone or in a
// question, are an *question.Help with a Topic.

// askedKey returns the first argument whose value is "?".
func askedKey(args []*Arg) *Arg {
	for _, a := range args {
		if a.Value != nil {
			for _, it := range a.Value.Items {
				if it.Ask != nil {
					return a
				}
			}
		}
	}
	return nil
}

// topicOfKey is the topic a key asking for its values lists.
var topicOfKey = map[string]string{
	"target":  question.TopicTargets,
	"service": question.TopicServices,
	"area":    question.TopicAreas,
}

// listing checks a question with a key asking for its values.
func (c *checker) listing(q *Question) question.Plan {
	asked := askedKey(q.Args)
	if len(asked.Value.Items) > 1 {
		c.add(asked.Pos, fmt.Sprintf("%s? vuole il solo punto di domanda", asked.Key), fmt.Sprintf("%s? takes the question mark alone", asked.Key))
		return nil
	}
	k, ok := findWord(question.Keys, asked.Name())
	if !ok {
		c.add(asked.Pos, fmt.Sprintf("chiave sconosciuta %q", asked.Key)+wordHint(asked.Name(), question.Keys, question.Italian, "=", "chiavi"),
			fmt.Sprintf("unknown key %q", asked.Key)+wordHint(asked.Name(), question.Keys, question.English, "=", "keys"))
		return nil
	}
	p := &question.Help{Topic: topicOfKey[k.EN]}
	if p.Topic == "" {
		p.Topic = question.TopicKeys
	}
	if p.Topic == question.TopicServices {
		for _, a := range q.Args {
			if t, ok := findWord(question.Keys, a.Name()); ok && t.EN == "target" && a != asked {
				p.Target, _ = c.target(a)
			}
		}
	}
	return p
}

// topic checks `help <topic>` and `quali <topic>`: only the services take
// a key, target=, to list those serving it.
func (c *checker) topic(q *Question, topic string) question.Plan {
	p := &question.Help{Topic: topic}
	if q.Detail != nil {
		c.add(q.Detail.Pos,
			fmt.Sprintf("%q inatteso: atteso chiave=valore", q.Detail.Text),
			fmt.Sprintf("unexpected %q: expected key=value", q.Detail.Text))
	}
	for _, a := range q.Args {
		k, known := findWord(question.Keys, a.Name())
		if topic == question.TopicServices && known && k.EN == "target" && a.Value != nil && p.Target == "" {
			p.Target, _ = c.target(a)
			continue
		}
		kit, ken := "", ""
		if topic == question.TopicServices {
			kit, ken = "; solo target=, per i servizi che lo servono", "; only target=, for the services serving it"
		}
		c.add(a.Pos,
			fmt.Sprintf("%q non vuole la chiave %q%s", q.Verb.Text+" "+q.Subject.Text, a.Key, kit),
			fmt.Sprintf("%q takes no key %q%s", q.Verb.Text+" "+q.Subject.Text, a.Key, ken))
	}
	return p
}

// helpSubject resolves the subject of `help <verb> <subject>`: one of the
// verb's subjects, English.
func (c *checker) helpSubject(verb string, w *Word) string {
	vb, _ := findVerb(verb)
	if s, ok := findWord(vb.Subjects, w.Text); ok {
		return s.EN
	}
	if len(vb.Subjects) == 0 {
		c.add(w.Pos, fmt.Sprintf("%q non ha soggetti: scrivi aiuto %s", vb.Show(question.Italian), vb.Show(question.Italian)),
			fmt.Sprintf("%q takes no subject: write help %s", vb.EN, vb.EN))
		return ""
	}
	c.add(w.Pos,
		fmt.Sprintf("soggetto sconosciuto %q per %q", w.Text, vb.Show(question.Italian))+wordHint(w.Text, vb.Subjects, question.Italian, "", "soggetti"),
		fmt.Sprintf("unknown subject %q for %q", w.Text, vb.EN)+wordHint(w.Text, vb.Subjects, question.English, "", "subjects"))
	return ""
}
