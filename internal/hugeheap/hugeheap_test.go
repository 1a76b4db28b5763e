package hugeheap

import "testing"

func TestWanted(t *testing.T) {
	for _, c := range []struct {
		cmd, godebug string
		want         bool
	}{
		{"build", "", true},
		{"check", "", true},
		{"zip", "", true},
		{"build", "gctrace=1", true},
		{"build", "disablethp=1", false},
		{"zip", "gctrace=1, disablethp=1", false},
		{"build", "disablethp=0", true},
		{"serve", "", false},
		{"version", "", false},
		{"init", "", false},
	} {
		if got := Wanted(c.cmd, c.godebug); got != c.want {
			t.Errorf("Wanted(%q, %q) = %v, want %v", c.cmd, c.godebug, got, c.want)
		}
	}
}
