// Package scaffold owns what gloss writes into a site's own sources at
// an author's request, as opposed to its output: the starter site of
// gloss init (Init), a new page of gloss new (NewPage) and a copy of one
// of the theme's files for gloss theme eject (Eject). Each file is
// created anew and never replaces one, so that a file that appeared
// since the checks is kept; a request that would write over or among an
// author's files, or where a site would read what is written as its own,
// is a *Refusal and writes nothing.
package scaffold

import "os"

// Refusal is a request turned down so as not to write over or among
// files gloss did not make, or where a site would read them as its own.
// Nothing was written. Reason says what is in the way, Hint how to go on.
type Refusal struct {
	Reason string
	Hint   string
}

func (r *Refusal) Error() string { return r.Reason }

// BadRequest is a request that cannot be carried out as it was given,
// such as a slug no build would take: the command's usage is the answer.
type BadRequest struct{ Msg string }

func (e *BadRequest) Error() string { return e.Msg }

// Mistake is something in the site that stops the request, such as a
// section that does not exist or an archetype that does not parse. Hint,
// when set, says what the site has instead.
type Mistake struct {
	Msg  string
	Hint string
}

func (e *Mistake) Error() string { return e.Msg }

// create writes a new file, failing with an error that wraps fs.ErrExist
// when one is there (O_EXCL), whatever appeared since the caller looked.
// Its errors are the os package's, which name the file.
func create(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
