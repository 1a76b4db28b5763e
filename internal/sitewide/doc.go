// Package sitewide answers the questions about the whole site that a
// layout may ask from any page (layout.SiteData): a matrix of two sections
// crossed by a relation, every dated page in date order (the timeline),
// and whole pages gathered onto one (.Gather, for a print-all handout).
//
// Data is one build's answers, computed once for every page that asks;
// For gives them to one page, with URLs relative to it. A page whose
// layout asked depends on every page: package build's session says so in
// that page's signature.
package sitewide
