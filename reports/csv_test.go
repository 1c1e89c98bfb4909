package reports

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

func TestCSV(t *testing.T) {
	res := &answer.Result{Lang: question.Italian,
		Columns: []answer.Column{{Name: "area", Label: "zona", Type: answer.TypeString}, {Name: "n", Label: "persone", Type: answer.TypeInt},
			{Name: "share", Label: "quota", Type: answer.TypePercent}, {Name: "d", Label: "distanza", Type: answer.TypeFloat, Unit: "m"}},
		Rows: [][]answer.Value{
			{answer.Str(`Cà "Granda", nord`), answer.Int(1874), answer.Float(0.25), answer.Float(812.5)},
			{answer.Str("Brera"), answer.Suppressed(), answer.Empty(), answer.Float(3)},
		}}
	var b strings.Builder
	if err := CSV(&b, res); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Errorf("no byte order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The withheld count is empty, with "c" in the flag column beside it;
	// the share, empty but not withheld, has no flag column.
	want := [][]string{{"zona", "persone", "n_flag", "quota", "distanza (m)"}, {`Cà "Granda", nord`, "1874", "", "0.25", "812.5"}, {"Brera", "", "c", "", "3"}}
	if len(recs) != len(want) {
		t.Fatalf("%d records: %q", len(recs), recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: %q, want %q", i, recs[i], want[i])
		}
	}
}
