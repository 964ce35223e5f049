#!/bin/sh
# forms_source.sh: every form a screen shows is declared in forms/*.form
# (issue 12).
#
# tools/forms-pot extracts the labels, help texts and choice labels of
# forms/*.form into the catalogue; a form spec written as a C string
# ("note | Note | 60 | text | ... | help\n") is never extracted, and its
# words stayed English on a Japanese screen (the wrap-up's "Category",
# "Resolved"). This check fails when a C file of src/ holds a string that
# is a form-spec line, or when a form a screen loads by name
# (form_spec_builtin("NAME", ...)) has no forms/NAME.form.
top=${RD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 99
fail=0
say() { printf '# forms_source: %s\n' "$*"; }

# name | label | width | kind | flags | help, as a C string literal line
bad=$(grep -rnE '^[[:space:]]*"[a-z_0-9]+ *\| *[^|]+\| *[0-9]+ *\| *[a-z]+ *\|[^|]*\|[^"]*(\\n)?"' src \
	--include='*.c' --include='*.h')
if [ -n "$bad" ]; then
	say "form specs in C strings (move them to forms/NAME.form and load them with form_spec_builtin):"
	printf '%s\n' "$bad" | sed 's/^/#   /'
	fail=$((fail + 1))
fi
for name in $(grep -rhoE 'form_spec_builtin\("[a-z_0-9]+"' src | sed 's/.*("//; s/"$//' | sort -u); do
	if [ ! -f "forms/$name.form" ]; then
		say "form_spec_builtin(\"$name\") but no forms/$name.form"
		fail=$((fail + 1))
	fi
done
if [ "$fail" -ne 0 ]; then
	exit 1
fi
echo "# forms_source: every form is in forms/*.form"
exit 0
