package reports

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// TestXLSX writes a result with a withheld cell and reads the file back
// with excelize, cell by cell: typed numbers with their formats, Italian
// headers, ":c" for the withheld cell, the notes and sources on their own
// sheet.
func TestXLSX(t *testing.T) {
	res := &answer.Result{Lang: question.Italian, Headline: "Città demo, 2024: 1.874 anziani soli.", Canonical: "where underserved target=anziani-soli radius=800m",
		Columns: []answer.Column{{Name: "area", Label: "zona", Type: answer.TypeString}, {Name: "n", Label: "persone", Type: answer.TypeInt},
			{Name: "share", Label: "quota", Type: answer.TypePercent}, {Name: "d", Label: "distanza", Type: answer.TypeFloat, Unit: "m"}},
		Rows: [][]answer.Value{
			{answer.Str("Cà Granda"), answer.Int(1874), answer.Float(0.25), answer.Float(812.5)},
			{answer.Str("Brera"), answer.Suppressed(), answer.Empty(), answer.Float(3)},
		},
		Caveats: []string{"Distanze in linea d'aria."}, Notes: []string{"Metodo: haversine."},
		Disclosure: answer.Disclosure{Rule: "Nessun valore da 1 a 2 è pubblicato."}}
	var b bytes.Buffer
	if err := XLSX(&b, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Risposta" || got[1] != "Note e fonti" {
		t.Fatalf("sheets = %v", got)
	}
	for cell, want := range map[string]string{
		"A1": res.Headline, "A3": "zona", "B3": "persone", "C3": "persone (flag)", "D3": "quota", "E3": "distanza (m)",
		"A4": "Cà Granda", "B4": "1874", "C4": "", "D4": "0.25", "E4": "812.5",
		"A5": "Brera", "B5": "", "C5": "c", "D5": "", "E5": "3",
	} {
		got, err := f.GetCellValue("Risposta", cell, excelize.Options{RawCellValue: true})
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", cell, got, err, want)
		}
	}
	// Typed: the count is a number shown with a thousands separator, the
	// share as a percentage.
	if typ, _ := f.GetCellType("Risposta", "B4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("B4 type %v, want a number", typ)
	}
	if shown, _ := f.GetCellValue("Risposta", "D4"); shown != "25.0%" {
		t.Errorf("D4 shows %q, want 25.0%%", shown)
	}
	rows, err := f.GetRows("Note e fonti")
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, r := range rows {
		all = append(all, r...)
	}
	for _, want := range []string{"Da sapere", "Distanze in linea d'aria.", "Riservatezza", "Nessun valore da 1 a 2 è pubblicato.", res.Canonical,
		"Una cella vuota con \"c\" nella colonna (flag) accanto è un valore non pubblicato per riservatezza statistica (c: confidenziale, il segno di Eurostat)."} {
		found := false
		for _, s := range all {
			found = found || s == want
		}
		if !found {
			t.Errorf("notes sheet lacks %q: %v", want, all)
		}
	}
}
