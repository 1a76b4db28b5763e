package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"time"

	"github.com/gloss-ssg/gloss/internal/portable"
)

// Page is what gloss new is asked for: a page SLUG in SECTION of the site
// (section "." is content/ itself), a draft or not, dated Today.
type Page struct {
	Site    string
	Section string
	Slug    string
	Draft   bool
	Today   time.Time
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// defaultArchetype is a new page's text where the site has no
// layouts/_archetypes/SECTION.md.
const defaultArchetype = `---
title: "{{ .Title }}"
summary: ""
date: {{ .Date }}
{{ if .Draft }}draft: true
{{ end }}---

`

// NewPage writes content/SECTION/SLUG.md from the section's archetype and
// returns its path. A slug or section no build would take is a
// *BadRequest; a section the site does not have, or an archetype that
// fails, a *Mistake; a page that is already there, in this form or
// another (SLUG/index.md, or a section content/SLUG/ for a top-level
// page), a *Refusal. Nothing is written in any of those cases.
func NewPage(p Page) (string, error) {
	if !slugPattern.MatchString(p.Slug) {
		return "", &BadRequest{Msg: fmt.Sprintf("slug %q: use lower-case letters, digits and hyphens", p.Slug)}
	}
	if p.Section != "." && !slugPattern.MatchString(p.Section) {
		return "", &BadRequest{Msg: fmt.Sprintf("section %q: use lower-case letters, digits and hyphens", p.Section)}
	}
	if p.Slug == "index" {
		return "", &BadRequest{Msg: `slug "index": index.md is a folder's own page, as _index.md is; choose another SLUG`}
	}
	if why := portable.BadName(p.Slug); why != "" {
		return "", &BadRequest{Msg: fmt.Sprintf("slug %q: %s, so the site could not be built; choose another SLUG", p.Slug, why)}
	}
	dir := filepath.Join(p.Site, "content", p.Section)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		m := &Mistake{Msg: "there is no section content/" + p.Section + "/"}
		if names := sectionNames(filepath.Join(p.Site, "content")); len(names) > 0 {
			m.Hint = "the site's sections: " + strings.Join(names, ", ") + " (or . for a top-level page)"
		}
		return "", m
	}
	text, err := fromArchetype(p)
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, p.Slug+".md")
	if other := samePage(dir, p.Section, p.Slug); other != "" {
		return "", &Refusal{Reason: file + " would be the same page as " + other + "; not written",
			Hint: "edit that page, or choose another SLUG"}
	}
	err = create(file, []byte(text))
	if errors.Is(err, fs.ErrExist) {
		return "", &Refusal{Reason: file + " already exists; not overwritten", Hint: "edit that page, or choose another SLUG"}
	}
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", file, err)
	}
	return file, nil
}

// fromArchetype executes the section's archetype, or the default one, for
// the page.
func fromArchetype(p Page) (string, error) {
	archetype := defaultArchetype
	name := "layouts/_archetypes/" + p.Section + ".md"
	if data, err := os.ReadFile(filepath.Join(p.Site, filepath.FromSlash(name))); err == nil {
		archetype = string(data)
	}
	t, err := template.New("archetype").Option("missingkey=error").Parse(archetype)
	if err != nil {
		return "", &Mistake{Msg: name + ": " + err.Error()}
	}
	var b strings.Builder
	title := strings.ToUpper(p.Slug[:1]) + strings.ReplaceAll(p.Slug[1:], "-", " ")
	data := map[string]any{"Title": title, "Slug": p.Slug, "Section": p.Section, "Date": p.Today.Format("2006-01-02"), "Draft": p.Draft}
	if err := t.Execute(&b, data); err != nil {
		return "", &Mistake{Msg: name + ": " + err.Error()}
	}
	text := b.String()
	if p.Draft {
		text = markDraft(text)
	}
	return text, nil
}

// markDraft adds draft: true to a new page's front matter (draft = true
// in TOML) unless its archetype already sets draft, so that --draft works
// whatever the archetype says.
func markDraft(text string) string {
	fence, line := "---", "draft: true"
	if strings.HasPrefix(text, "+++") {
		fence, line = "+++", "draft = true"
	} else if !strings.HasPrefix(text, "---") {
		return text
	}
	lines := strings.SplitAfter(text, "\n")
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if strings.HasPrefix(l, "draft:") || strings.HasPrefix(l, "draft ") || strings.HasPrefix(l, "draft=") {
			return text
		}
		if l == fence {
			return strings.Join(lines[:i], "") + line + "\n" + strings.Join(lines[i:], "")
		}
	}
	return text
}

// sectionNames lists the folders of content/ that hold an _index.md: the
// sections gloss new can add a page to.
func sectionNames(content string) []string {
	entries, _ := os.ReadDir(content)
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(content, e.Name(), "_index.md")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	return names
}

// samePage names what already makes the page SLUG.md would make in the
// folder dir of content/ (section "." is content/ itself): the page's
// folder form, SLUG/index.md, or, for a top-level page, the section
// content/SLUG/ (a folder holding pages). "" when nothing does.
func samePage(dir, section, slug string) string {
	other := filepath.Join(dir, slug, "index.md")
	if _, err := os.Lstat(other); err == nil {
		return other
	}
	if section != "." {
		return ""
	}
	folder := filepath.Join(dir, slug)
	found := ""
	filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			found = "the section " + folder + string(filepath.Separator)
			return fs.SkipAll
		}
		return nil
	})
	return found
}
