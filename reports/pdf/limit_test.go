package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFitSectionDropsWholeSentencesOfLeastPriority: a section over its
// limit loses later sentences from the end first, then whole paragraphs
// from the end, never the section's first sentence, never half a
// sentence; citations stay with what is left of their paragraph.
func TestFitSectionDropsWholeSentencesOfLeastPriority(t *testing.T) {
	pieces := []string{
		"Nel Municipio 9 vivono 9.737 anziani soli. Sono il 7,1% dei residenti. La quota è stabile. [D1]",
		"Mancano 667 posti. Il divario è il più alto della città. [D2, D3]",
		"Anziani soli in crescita: +5,2% dal 2020. [D4]",
	}
	total := 0
	for _, p := range pieces {
		total += chars(p)
	}
	r := &report{}
	if n := r.fitSection("s", pieces, total); n.Dropped != 0 || n.Chars != total || len(r.cut) != 0 {
		t.Fatalf("within the limit: %+v %v", n, r.cut)
	}
	n := r.fitSection("s", pieces, total-30)
	if n.Chars > total-30 || n.Dropped != 1 {
		t.Errorf("%+v", n)
	}
	if got := r.cut[pieces[1]]; got != "Mancano 667 posti. [D2, D3]" {
		t.Errorf("the last later sentence was not the one left out: %q", got)
	}
	r = &report{}
	n = r.fitSection("s", pieces, 60)
	if n.Chars > 60 {
		t.Errorf("%d characters, limit 60", n.Chars)
	}
	if got, ok := r.fitted(pieces[0]); !ok || got != "Nel Municipio 9 vivono 9.737 anziani soli. [D1]" {
		t.Errorf("the first sentence: %q %v", got, ok)
	}
	for _, p := range pieces[1:] {
		if got, ok := r.fitted(p); ok {
			t.Errorf("%q kept as %q", p, got)
		}
	}
	// Never the first sentence, even over the limit.
	r = &report{}
	if n := r.fitSection("s", pieces, 10); n.Chars == 0 {
		t.Error("the section's first sentence was left out")
	}
}

// TestSectionsWithinTheirLimits builds every dossier template on the demo
// city and on Milan, and the fact sheets: no section's generated text is
// longer than its limit, every limited section says its count in the
// editable documents, and the count is what was written.
func TestSectionsWithinTheirLimits(t *testing.T) {
	names, err := Templates("")
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, doc *Document, tpl string) {
		if dir := os.Getenv("WI_PDF_OUT"); dir != "" { // keep the PDFs to look at them
			name := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+"-"+tpl+"-"+doc.FileName)
			if err := os.WriteFile(name, doc.PDF, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		limited := 0
		for _, n := range doc.Lengths {
			t.Logf("%s %s: %d/%d characters, %d sentences left out", tpl, n.Section, n.Chars, n.Max, n.Dropped)
			if n.Max > 0 && n.Chars > n.Max {
				t.Errorf("%s %s: %d characters, limit %d", tpl, n.Section, n.Chars, n.Max)
			}
			if n.Max > 0 {
				limited++
			}
		}
		if tpl != factsheetTemplate {
			if limited == 0 {
				t.Errorf("%s: no section has a limit", tpl)
			}
			md := string(doc.Markdown("x"))
			if c := strings.Count(md, "*Testo generato: "); c != len(doc.Lengths) {
				t.Errorf("%s: the Markdown says %d counts, %d sections", tpl, c, len(doc.Lengths))
			}
			for _, n := range doc.Lengths {
				if n.Max > 0 && !strings.Contains(md, fmt.Sprintf("Testo generato: %s/%s caratteri", fmtInt(n.Chars), fmtInt(n.Max))) {
					t.Errorf("%s %s: the Markdown does not say %d/%d", tpl, n.Section, n.Chars, n.Max)
				}
			}
		}
	}
	for _, c := range []struct{ name, area string }{{"demo", "municipio-9"}, {"milano", "municipio-9"}} {
		t.Run(c.name, func(t *testing.T) {
			eng := demoEngine
			if c.name == "milano" {
				eng = milanoEngine
			}
			e := eng(t)
			for _, tpl := range names {
				target := "anziani-soli"
				if c.name == "milano" {
					target = "anziani"
				}
				doc := dossier(t, e, fmt.Sprintf("dossier target=%s area=%s template=%s", target, c.area, tpl), Options{})
				check(t, doc, tpl)
			}
			target := "anziani-soli"
			if c.name == "milano" {
				target = "anziani"
			}
			check(t, factsheet(t, e, fmt.Sprintf("factsheet target=%s area=%s", target, c.area), Options{}), factsheetTemplate)
		})
	}
}

func fmtInt(n int) string {
	s := fmt.Sprint(n)
	if n >= 1000 {
		s = s[:len(s)-3] + "." + s[len(s)-3:]
	}
	return s
}

// TestShortLimitsLeaveOutSentences gives the Cariplo template short limits
// (a user's copy in a templates directory): every section stays within
// them by leaving out whole sentences, the PDF and the Word document say
// the same shortened text, and the count tells the writer.
func TestShortLimitsLeaveOutSentences(t *testing.T) {
	eng := demoEngine(t)
	data, err := builtin.ReadFile("templates/cariplo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	short := strings.ReplaceAll(strings.ReplaceAll(string(data), "max_chars: 2000", "max_chars: 300"), "max_chars: 1000", "max_chars: 250")
	short = strings.Replace(short, "name: cariplo", "name: cariplo-corto", 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cariplo-corto.yaml"), []byte(short), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := dossier(t, eng, "dossier target=anziani-soli area=municipio-9", Options{Template: "cariplo-corto", TemplateDir: dir})
	dropped := 0
	for _, n := range doc.Lengths {
		if n.Chars > n.Max && n.Dropped < 100 {
			// Over only when the first sentence alone is longer.
			t.Logf("%s: %d/%d after leaving out %d sentences", n.Section, n.Chars, n.Max, n.Dropped)
		}
		dropped += n.Dropped
	}
	if dropped == 0 {
		t.Fatal("no sentence was left out with limits of 250 and 300 characters")
	}
	over := 0
	for _, n := range doc.Lengths {
		if n.Chars > n.Max {
			over++
		}
	}
	if over > 1 {
		t.Errorf("%d sections over their limit", over)
	}
	md := string(doc.Markdown("x"))
	if !strings.Contains(md, "frasi di minore importanza per stare nel limite") && !strings.Contains(md, "frase di minore importanza per stare nel limite") {
		t.Error("the Markdown does not say sentences were left out")
	}
	// Sentences are whole: every paragraph of the text layer ends a sentence.
	for _, ln := range strings.Split(doc.outline, "\n") {
		_, rest, _ := strings.Cut(ln, " ")
		kind, text, _ := strings.Cut(rest, ": ")
		if kind == "p" || kind == "li" {
			body := trailingRefs.ReplaceAllString(text, "")
			if !strings.HasSuffix(body, ".") && !strings.HasSuffix(body, ")") && !strings.HasSuffix(body, ":") {
				t.Errorf("a paragraph ends mid-sentence: %q", text)
			}
		}
	}
	checkDOCX(t, doc)
}
