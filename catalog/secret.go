package catalog

import (
	"crypto/rand"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// MetaSecret is the metadata key of the catalog's disclosure secret (see
// docs/privacy.md): written once when a catalog is built, read by the engine
// to derive record keys, never printed.
const MetaSecret = "disclosure_secret"

// newSecret draws a secret for an imported catalog of real data.
func newSecret() disclose.Secret {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never on Linux (getrandom)
	}
	return disclose.SecretFromBytes(b)
}

// SetSecret replaces a catalog's disclosure secret before it is written
// (tests fix it so that their figures are reproducible).
func SetSecret(d *Data, s disclose.Secret) {
	for i := range d.Meta {
		if d.Meta[i].Key == MetaSecret {
			d.Meta[i].Value = s.Hex()
			return
		}
	}
	d.Meta = append(d.Meta, MetaEntry{MetaSecret, s.Hex()})
}

// hasSecret reports whether the data carry a disclosure secret.
func hasSecret(d *Data) bool {
	for _, m := range d.Meta {
		if m.Key == MetaSecret && m.Value != "" {
			return true
		}
	}
	return false
}
