package pdf

import (
	"strings"
	"testing"
)

func TestSplitRuns(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // runs as "family:text", joined with "|"
	}{
		{"", ""},
		{"María José G.", "DejaVu:María José G."},
		{"Nguyễn Thị Ánh", "DejaVu:Nguyễn Thị Ánh"},
		{"Արամ Ἀλέξανδρος Иван", "DejaVu:Արամ Ἀλέξανδρος Иван"},
		{"민준 김.", "Nanum:민준|DejaVu: |Nanum:김|DejaVu:."},
		{"秀英 王.", "DroidFallback:秀英|DejaVu: |DroidFallback:王|DejaVu:."},
		{"さくら 佐.", "DroidFallback:さくら|DejaVu: |DroidFallback:佐|DejaVu:."},
		{"サクラ", "DroidFallback:サクラ"},
		// Decomposed Hangul jamo stay in Nanum.
		{"\u1100\u1161", "Nanum:\u1100\u1161"},
		// A combining accent stays with its base letter.
		{"e\u0301", "DejaVu:e\u0301"},
	} {
		var got []string
		for _, r := range splitRuns(tc.in) {
			got = append(got, r.face.family+":"+r.text)
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("splitRuns(%q) = %q, want %q", tc.in, g, tc.want)
		}
	}
}

func TestCoverage(t *testing.T) {
	for _, tc := range []struct {
		face *face
		has  string
		lack string
	}{
		{faces[0], "AzéễԱΩЖ…", "민秀さ"},
		{faces[1], "민준김가힣", ""},
		{faces[2], "秀英王佐藤さくらサクラ", ""},
	} {
		if tc.face.covers(0); len(tc.face.cover) == 0 {
			t.Fatalf("%s: no cmap coverage read", tc.face.family)
		}
		for _, r := range tc.has {
			if !tc.face.covers(r) {
				t.Errorf("%s does not cover %q", tc.face.family, r)
			}
		}
		for _, r := range tc.lack {
			if tc.face.covers(r) {
				t.Errorf("%s covers %q, want not", tc.face.family, r)
			}
		}
	}
}
