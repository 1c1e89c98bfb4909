package answer

import "time"

// Source is a dataset an answer is drawn from.
type Source struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	Publisher     string    `json:"publisher"`
	Licence       string    `json:"licence"`
	URL           string    `json:"url,omitempty"`
	ReferenceDate time.Time `json:"reference_date"`
	Synthetic     bool      `json:"synthetic"`
	// Notes say how the dataset counts some targets (approximations), by
	// target slug; answers quote the note of their target.
	Notes map[string]string `json:"-"`
}
