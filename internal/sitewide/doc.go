// Package sitewide answers the questions about the whole site that a
// layout may ask from any page (layout.SiteData): a matrix of two sections
// crossed by a relation, every dated page in date order (the timeline),
// and whole pages gathered onto one (.Gather, for a print-all handout).
//
// A page whose layout asked depends on every page; Sum hashes what the
// answers are made of, so that package build's session can mix it into
// that page's signature.
package sitewide
