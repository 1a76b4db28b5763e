package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/gloss-ssg/gloss/internal/build"
	"github.com/gloss-ssg/gloss/internal/diag"
)

// noteDrafts says which drafts a build left out and how to include them: a
// page that silently does not appear looks like a bug. Text output only;
// JSON output holds diagnostics alone.
func noteDrafts(w io.Writer, format string, res *build.Result) {
	if format != "text" || res == nil || res.Site == nil {
		return
	}
	if note := draftsNote(res.Site.Drafts); note != "" {
		fmt.Fprintln(w, note)
	}
}

// draftsNote is the note for the drafts left out, naming the first few.
func draftsNote(drafts []string) string {
	if len(drafts) == 0 {
		return ""
	}
	const shown = 3
	names := strings.Join(drafts[:min(len(drafts), shown)], ", ")
	if len(drafts) > shown {
		names += ", …"
	}
	return fmt.Sprintf("gloss: %d %s left out (%s); --drafts includes %s",
		len(drafts), diag.Plural(len(drafts), "draft", "drafts"), names, diag.Plural(len(drafts), "it", "them"))
}
