package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

func sample(l question.Lang) *answer.Result {
	return &answer.Result{
		Question: "dove sottoservito target=anziani-soli raggio=800m", Canonical: "where underserved target=anziani-soli radius=800m level=nil year=2024 top=10",
		Lang: l, Headline: "Città demo, 2024: tanti.",
		Columns: []answer.Column{
			{Name: "area_name", Label: "quartiere", Type: answer.TypeString},
			{Name: "target_count", Label: "anziani soli", Type: answer.TypeInt},
			{Name: "unserved_share", Label: "quota", Type: answer.TypePercent},
		},
		Rows: [][]answer.Value{
			{answer.Str("Cà Granda"), answer.Int(12345), answer.Float(0.25)},
			{answer.Str("Borgo"), answer.Suppressed(), answer.Suppressed()},
			{answer.Str("Prato"), answer.Int(0), answer.Empty()},
		},
		Notes:      []string{"Metodo: distanza haversine."},
		Sources:    []answer.Source{{ID: "demo", Title: "Città demo", Publisher: "wi", Licence: "CC0-1.0", ReferenceDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Synthetic: true}},
		Synthetic:  true,
		Disclosure: answer.Disclosure{Rule: "Conteggi da 1 a 2 oscurati (:c).", Threshold: 3, Suppressed: 2},
	}
}

func TestTextItalian(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, sample(question.Italian)); err != nil {
		t.Fatal(err)
	}
	want := `[DATI SINTETICI] Città demo, 2024: tanti.

  quartiere  anziani soli  quota
  Cà Granda        12.345  25,0%
  Borgo                :c     :c
  Prato                 0      –

Note:
  - Metodo: distanza haversine.

Riservatezza: Conteggi da 1 a 2 oscurati (:c). Celle oscurate: 2.

Fonti:
  - Città demo, wi (CC0-1.0), dati al 1º gennaio 2024 [dati sintetici]

Domanda: where underserved target=anziani-soli radius=800m level=nil year=2024 top=10
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestTextEnglish(t *testing.T) {
	var b bytes.Buffer
	Text(&b, sample(question.English))
	for _, w := range []string{"[SYNTHETIC DATA]", "12,345", "25.0%", "Sources:", "data as of 1 January 2024 [synthetic data]", "Cells withheld: 2."} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("English text lacks %q:\n%s", w, b.String())
		}
	}
}

func TestJSONWritesWithheldCellsAsC(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample(question.Italian)); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Rows      [][]any `json:"rows"`
		Synthetic bool    `json:"synthetic"`
		Headline  string  `json:"headline"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Rows[1][1] != ":c" || v.Rows[0][1] != 12345.0 || v.Rows[2][2] != nil || !v.Synthetic {
		t.Errorf("rows %v synthetic %v", v.Rows, v.Synthetic)
	}
	if !strings.Contains(b.String(), `"Città demo, 2024: tanti."`) {
		t.Error("JSON escapes accented letters or lost the headline")
	}
}
