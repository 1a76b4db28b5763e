package portable

import "testing"

func TestBadName(t *testing.T) {
	for seg, bad := range map[string]bool{
		"index.html": false, "Con": true, "nul.txt": true, "com10": false,
		"a.": true, "a ": true, "a:b": true, "a\x01": true, "café": false,
		"a\u200bb": true, "x\u202egpj.exe": true, "\ufeffa": true, "a\u2066b": true,
		"\U0001F469\u200D\U0001F52C": false, "می\u200cخواهم": false,
	} {
		if got := BadName(seg) != ""; got != bad {
			t.Errorf("BadName(%q) reports %v, want %v", seg, got, bad)
		}
	}
}

func TestCollisions(t *testing.T) {
	paths := []string{"A.html", "a.html", "caf\u00e9", "cafe\u0301", "x", "x/y"}
	sources := map[string]string{}
	for _, p := range paths {
		sources[p] = "src/" + p
	}
	ds := Collisions(paths, sources)
	if len(ds) != 3 {
		t.Fatalf("Collisions = %v, want 3 (case, normalisation, file as folder)", ds)
	}
	if ds[2].File != "src/x" {
		t.Errorf("file-as-folder reported at %s, want src/x", ds[2].File)
	}
	if len(Names([]string{"ok/aux/x"}, nil)) != 1 {
		t.Error("Names missed a reserved folder name")
	}
}
