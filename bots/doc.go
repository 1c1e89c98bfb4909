// Package bots will hold wi's chat front ends: the Slack and Microsoft Teams
// integrations, the chat core they share (message → question → plan →
// result → platform rendering) and the HTTP server behind `wi serve`.
//
// It renders engine Results for chat and never computes figures itself; it
// knows nothing about SQL or PDF layout. Nothing is here yet: the server is
// the subject of a later issue.
package bots
