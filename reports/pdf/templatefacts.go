package pdf

import (
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"

	answers "github.com/welfare-intelligence/wi/answer"
)

// checkFacts checks every `fact "id" "name" …` a template's texts call
// against the facts the asked question declares (answer.Facts): a template
// that names a fact its question does not give fails when it is loaded,
// instead of printing "data missing" in a dossier.
func (t *Template) checkFacts() error {
	asks := map[string]string{} // question id → question name
	add := func(as []Ask) {
		for _, a := range as {
			asks[a.ID] = answers.QuestionName(a.Q)
		}
	}
	for _, s := range t.Sections {
		add(s.Ask)
		if s.Each != nil {
			add(s.Each.Ask)
		}
	}
	check := func(where, text string) error {
		tr, err := template.New(where).Funcs(funcStubs).Parse(text)
		if err != nil {
			return nil // checkText reports it
		}
		var bad error
		for _, tpl := range tr.Templates() {
			if tpl.Tree == nil {
				continue
			}
			walkCommands(tpl.Tree.Root, func(c *parse.CommandNode) {
				if bad != nil || len(c.Args) < 3 {
					return
				}
				if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "fact" {
					return
				}
				idNode, ok1 := c.Args[1].(*parse.StringNode)
				keyNode, ok2 := c.Args[2].(*parse.StringNode)
				if !ok1 || !ok2 {
					return
				}
				name, asked := asks[idNode.Text]
				switch {
				case !asked:
					bad = fmt.Errorf("%s: fact %q of question %q, which the template does not ask", where, keyNode.Text, idNode.Text)
				case name == "":
					// A question the language does not know: its answer is
					// "data missing" by design (tested by its own error).
				case !answers.FactDeclared(name, keyNode.Text):
					bad = fmt.Errorf("%s: fact %q is not one that %q gives (it gives: %s)", where, keyNode.Text, name, strings.Join(answers.Facts[name], ", "))
				}
			})
		}
		return bad
	}
	for i, s := range t.Sections {
		where := fmt.Sprintf("section %d", i+1)
		if s.ID != "" {
			where += " (" + s.ID + ")"
		}
		blocks := s.Blocks
		texts := []Text{s.Heading}
		if s.Each != nil {
			blocks = append(append([]Block{}, blocks...), s.Each.Blocks...)
			texts = append(texts, s.Each.Heading, s.Each.Empty)
		}
		for _, b := range blocks {
			texts = append(texts, b.Text)
			for _, f := range b.Figures {
				texts = append(texts, f.Label, Text{"it": f.Value})
			}
			if b.Box != nil {
				texts = append(texts, b.Box.Title, b.Box.Text)
			}
			for _, tt := range []*Text{tableTitle(b), chartTitle(b), mapTitle(b)} {
				if tt != nil {
					texts = append(texts, *tt)
				}
			}
		}
		for _, tx := range texts {
			for _, s := range tx {
				if err := check(where, s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// walkCommands calls f with every command of a template tree.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	switch x := n.(type) {
	case *parse.ListNode:
		if x == nil {
			return
		}
		for _, c := range x.Nodes {
			walkCommands(c, f)
		}
	case *parse.ActionNode:
		walkCommands(x.Pipe, f)
	case *parse.PipeNode:
		if x == nil {
			return
		}
		for _, c := range x.Cmds {
			walkCommands(c, f)
		}
	case *parse.CommandNode:
		f(x)
		for _, a := range x.Args {
			walkCommands(a, f)
		}
	case *parse.IfNode:
		walkCommands(x.Pipe, f)
		walkCommands(x.List, f)
		walkCommands(x.ElseList, f)
	case *parse.RangeNode:
		walkCommands(x.Pipe, f)
		walkCommands(x.List, f)
		walkCommands(x.ElseList, f)
	case *parse.WithNode:
		walkCommands(x.Pipe, f)
		walkCommands(x.List, f)
		walkCommands(x.ElseList, f)
	}
}
