// Package bots holds wi's chat front ends and the HTTP server behind
// `wi serve`: the Slack integration (signed slash commands answered
// privately through response_url in place of the placeholder, app mentions
// answered in their thread, PDFs and exports uploaded with the external
// upload flow, the answers' buttons and the question builder on the signed
// interactivity endpoint, the Home tab), the Microsoft Teams outgoing
// webhook (HMAC-verified, answered within three seconds with an Adaptive
// Card, or with a signed link for long work), and the chat core both share:
// message → question → plan → result → platform rendering.
//
// A button never carries data to trust: its value is a token signed by the
// server naming the question and the language, and a press asks the
// question again under the role of whoever pressed (actions.go).
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
