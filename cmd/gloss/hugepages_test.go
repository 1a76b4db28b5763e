package main

import (
	"testing"
)

func TestHugePagesDisabled(t *testing.T) {
	for godebug, want := range map[string]bool{
		"":                            false,
		"disablethp=1":                true,
		"disablethp=0":                false,
		"madvdontneed=1,disablethp=1": true,
		"disablethp=1,disablethp=0":   false,
		" disablethp=1":               true,
		"xdisablethp=1":               false,
	} {
		if got := hugePagesDisabled(godebug); got != want {
			t.Errorf("GODEBUG=%q: disabled %v, want %v", godebug, got, want)
		}
	}
}
