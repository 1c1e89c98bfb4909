package bots

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SlackMaxSkew is how far a Slack request's timestamp may be from now
// (PROTOCOLS.md: reject when |now − timestamp| > 300 s).
const SlackMaxSkew = 300 * time.Second

// Errors of request verification. Each makes the request a 401.
var (
	ErrMissingSignature = errors.New("missing signature header")
	ErrBadSignature     = errors.New("signature does not match")
	ErrStaleTimestamp   = errors.New("timestamp too far from now")
)

// SlackSignature returns the signature Slack sends for a request body:
// "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)), over the
// raw bytes, before any parsing.
func SlackSignature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// VerifySlack checks a request's X-Slack-Signature and
// X-Slack-Request-Timestamp against its raw body, in constant time.
func VerifySlack(h http.Header, body []byte, secret string, now time.Time) error {
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" || secret == "" {
		return ErrMissingSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not a Unix time", ErrStaleTimestamp, ts)
	}
	skew := now.Sub(time.Unix(sec, 0))
	if skew > SlackMaxSkew || skew < -SlackMaxSkew {
		return ErrStaleTimestamp
	}
	want := SlackSignature(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return ErrBadSignature
	}
	return nil
}

// SignSlack sets the two signing headers of a request body as Slack would:
// for tests, tools and the load test.
func SignSlack(h http.Header, secret string, body []byte, now time.Time) {
	ts := strconv.FormatInt(now.Unix(), 10)
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", SlackSignature(secret, ts, body))
}

// DecodeTeamsSecret reads the security token Teams shows when an outgoing
// webhook is created: a base64-encoded key.
func DecodeTeamsSecret(token string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil {
		return nil, fmt.Errorf("teams secret: not base64: %w", err)
	}
	if len(key) == 0 {
		return nil, errors.New("teams secret: empty")
	}
	return key, nil
}

// TeamsSignature returns the Authorization header value Teams sends for a
// body: "HMAC " + base64(HMAC-SHA256(key, body)).
func TeamsSignature(key, body []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	return "HMAC " + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifyTeams checks an outgoing webhook's Authorization header against its
// raw body, in constant time.
func VerifyTeams(h http.Header, body, key []byte) error {
	auth := h.Get("Authorization")
	if auth == "" || len(key) == 0 {
		return ErrMissingSignature
	}
	scheme, got, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "HMAC") {
		return ErrBadSignature
	}
	gotMAC, err := base64.StdEncoding.DecodeString(strings.TrimSpace(got))
	if err != nil {
		return ErrBadSignature
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), gotMAC) {
		return ErrBadSignature
	}
	return nil
}
