# scripts/setup.sh: sourced by scripts/demo and scripts/check.
# Installs what a fresh Debian machine lacks (apt-get when root, otherwise
# prints the exact command), then configures and builds in ./build
# (incrementally when already built).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
# RD_BUILD_DIR and RD_CONFIGURE_FLAGS pick another build (scripts/check
# --sanitizers uses build-san with --enable-sanitizers)
build="${RD_BUILD_DIR:-$top/build}"

# package  : what proves it is there
need_pkgs() {
	missing=""
	have() { command -v "$1" >/dev/null 2>&1; }
	pc() { pkg-config --exists "$1" 2>/dev/null; }
	have gcc || missing="$missing gcc"
	have make || missing="$missing make"
	have pkg-config || missing="$missing pkg-config"
	have autoreconf || missing="$missing autoconf"
	have automake || missing="$missing automake"
	pc check || missing="$missing check"
	pc libcurl || missing="$missing libcurl4-openssl-dev"
	pc libpq || missing="$missing libpq-dev"
	pc ncursesw || missing="$missing libncurses-dev"
	pc uuid || missing="$missing uuid-dev"
	[ -e /usr/include/uniwidth.h ] || missing="$missing libunistring-dev"
	# tests/unit/check-phone-vs-libphonenumber.sh compares with it
	/usr/bin/python3 -c 'import phonenumbers' 2>/dev/null || missing="$missing python3-phonenumbers"
	have tmux || missing="$missing tmux"
	# the tests read JSON with jq; scripts/check --faketime moves the clock
	have jq || missing="$missing jq"
	have faketime || missing="$missing faketime"
	have psql || missing="$missing postgresql-client"
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
	# beyond one machine (issue 14): PgBouncer for the pooled tests and
	# bench/load, pg_auto_failover for make check-ha (its package is named
	# after the server's major version)
	have pgbouncer || [ -x /usr/sbin/pgbouncer ] || missing="$missing pgbouncer"
	if ! have pg_autoctl; then
		for v in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sed 's|.*/postgresql/\([0-9]*\)/bin|\1|' | sort -n | tail -1); do
			missing="$missing postgresql-$v-auto-failover pg-auto-failover-cli"
		done
	fi
	# the message catalogues (po/): msgfmt at every build, xgettext for
	# make update-po; the Japanese locale needs locale-gen
	have msgfmt && have xgettext || missing="$missing gettext"
	[ -x /usr/sbin/locale-gen ] || missing="$missing locales"
	echo "$missing"
}

install_missing() {
	missing=$(need_pkgs)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "setup: installing$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 || true
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >&2
	else
		echo "setup: missing packages; run as root:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
}

# ja_JP.UTF-8, for the Japanese screens (scripts/demo) and the tests that
# run in Japanese: enabled in /etc/locale.gen and generated, once
japanese_locale() {
	locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8' && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "setup: generating the locale ja_JP.UTF-8" >&2
		if grep -q '^[# ]*ja_JP\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
			sed -i 's/^[# ]*\(ja_JP\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		else
			echo 'ja_JP.UTF-8 UTF-8' >>/etc/locale.gen
		fi
		/usr/sbin/locale-gen >/dev/null
	else
		echo "setup: the Japanese locale is missing; run as root:" >&2
		echo "  sudo sed -i 's/^# *\(ja_JP.UTF-8 UTF-8\)/\1/' /etc/locale.gen && sudo locale-gen" >&2
		exit 1
	fi
}

build_tree() {
	cd "$top"
	if [ ! -x configure ] || [ configure.ac -nt configure ]; then
		echo "setup: autoreconf" >&2
		autoreconf -fi >/dev/null
	fi
	mkdir -p "$build"
	cd "$build"
	if [ ! -f Makefile ]; then
		echo "setup: configure" >&2
		"$top/configure" -q ${RD_CONFIGURE_FLAGS:-}
	fi
	echo "setup: make" >&2
	make -s -j"$(nproc)" >/dev/null
}

install_missing
japanese_locale
build_tree
