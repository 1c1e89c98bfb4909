// Package engine answers questions: it executes a checked Plan over a Store
// (the catalog) with Go geometry, applies statistical disclosure control, and
// returns one typed Result with a headline, a table, key facts, notes and
// sources.
//
// It knows plans and results only: nothing about the question language's
// syntax (package dsl builds plans), SQL drivers (package catalog implements
// Store), chat platforms or PDF (bots and reports render Results).
package engine
