package layout

import "fmt"

// Download is the offline zip as a layout sees it:
//
//	{{ with .Site.Download }}<a href="{{ $.Rel .Path }}" download>Download for offline use, {{ .Size }}</a>{{ end }}
type Download struct {
	Path  string // the zip's path in the output ("data-security-annotated.zip")
	Bytes int64  // its size in bytes
	Size  string // its size for people: "420 KB", "23.4 MB"
}

// NewDownload describes a zip of n bytes at path.
func NewDownload(path string, n int64) *Download {
	return &Download{Path: path, Bytes: n, Size: HumanSize(n)}
}

// HumanSize writes a size as people read it on a download link. It counts
// in units of 1,024 bytes and calls them KB and MB, as Windows Explorer
// does, so the figure on the link is the one a classroom PC shows once the
// file is downloaded. Kilobytes are whole and rounded up (a 1-byte file is
// "1 KB", as in Explorer); megabytes and gigabytes have one decimal below
// 100.
func HumanSize(n int64) string {
	const k = 1024
	switch {
	case n < k*k:
		return fmt.Sprintf("%d KB", (n+k-1)/k)
	case n < 100*k*k:
		return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
	case n < k*k*k:
		return fmt.Sprintf("%d MB", (n+k*k/2)/(k*k))
	default:
		return fmt.Sprintf("%.1f GB", float64(n)/(k*k*k))
	}
}
