// Package bots holds wi's chat front ends and the HTTP server behind
// `wi serve`: the Slack integration (signed slash commands answered through
// response_url, app mentions answered in their thread, PDFs uploaded with the
// external upload flow), the Microsoft Teams outgoing webhook (HMAC-verified,
// answered within five seconds with an Adaptive Card, or with a signed link
// for long work), and the chat core both share: message → question → plan →
// result → platform rendering.
//
// Around the core: an access policy mapping Slack and Teams identities to
// roles and to what each may ask, an audit log of every question (JSON
// lines), per-user rate limits, a concurrency limit with a "busy" reply,
// panic recovery, graceful shutdown that delivers the answers in flight, and
// hot reload of the catalog without dropping requests.
//
// It renders engine Results for chat and never computes figures itself; it
// knows nothing about SQL or PDF layout (documents come from an injected
// DocumentFunc). The installation guide is README.md in this directory.
package bots
