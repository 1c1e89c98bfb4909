package engine

import "fmt"

// Role is who asks, which decides the precision of what is published
// (PROTOCOLS.md: public roles get rounded figures).
type Role string

// Roles.
const (
	RoleStaff Role = "staff" // municipality and partner staff: exact counts above the threshold
	RoleGrant Role = "grant" // grant writers: exact counts, as staff (the dossier is reviewed before it is public)
	RolePress Role = "press" // press office: counts rounded to the nearest 10
)

// ParseRole reads a role; the empty string is staff.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case "", RoleStaff:
		return RoleStaff, nil
	case RoleGrant, "grant-writer":
		return RoleGrant, nil
	case RolePress:
		return RolePress, nil
	}
	return "", fmt.Errorf("unknown role %q: use staff, grant or press", s)
}

// rounding is the base published counts are rounded to for the role (1 = exact).
func (r Role) rounding() int64 {
	if r == RolePress {
		return 10
	}
	return 1
}

// Publish returns a count as the role may see it: rounded to the nearest
// multiple of the role's base (never rounded up from zero, never down to
// zero from a publishable count).
func (r Role) Publish(n int64) int64 {
	b := r.rounding()
	if b == 1 || n == 0 {
		return n
	}
	out := (n + b/2) / b * b
	if out == 0 {
		out = b
	}
	return out
}

// roundingNote says how counts were rounded, or "" when they were not.
func (r Role) roundingNote(l Lang) string {
	if r.rounding() == 1 {
		return ""
	}
	return l.Pick(fmt.Sprintf(" Conteggi arrotondati alla decina più vicina (profilo %s).", r),
		fmt.Sprintf(" Counts rounded to the nearest ten (%s role).", r))
}
