"""deploy/render_nginx_conf.py: the nginx config for N replicas (no server started; `nginx -t` only if installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from deploy.render_nginx_conf import render, write


def test_each_replica_gets_a_named_upstream_a_cookie_name_and_a_place_in_sfc_any():
    text = render("127.0.0.1:8080", ["127.0.0.1:8501", "127.0.0.1:8502", "[::1]:8503"])
    assert "@@LISTEN@@" not in text and "@@REPLICAS@@" not in text
    assert "listen 127.0.0.1:8080;" in text
    for n, address in enumerate(["127.0.0.1:8501", "127.0.0.1:8502", "[::1]:8503"]):
        assert f"upstream sfc_r{n} {{ server {address}; }}" in text
        assert f"r{n} sfc_r{n};" in text and f'"{address}" r{n};' in text
        assert f"server {address} max_fails=1" in text


@pytest.mark.parametrize("bad", ["localhost:8501", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:8501; include /x",
                                 "::1:8501", "[::1:8501", "10.0.0:80"])
def test_anything_but_an_ip_and_port_is_refused(bad):
    with pytest.raises(ValueError):
        render("127.0.0.1:8080", ["127.0.0.1:8501", bad])
    with pytest.raises(ValueError):
        render(bad, ["127.0.0.1:8501"])


def test_addresses_are_written_as_nginx_logs_them():
    text = render("127.0.0.1:08080", ["[0:0:0:0:0:0:0:1]:8501"])
    assert "listen 127.0.0.1:8080;" in text and '"[::1]:8501" r0;' in text


def test_a_replica_listed_twice_or_none_at_all_is_refused():
    with pytest.raises(ValueError):
        render("127.0.0.1:8080", ["127.0.0.1:8501", "127.0.0.1:8501"])
    with pytest.raises(ValueError):
        render("127.0.0.1:8080", ["[::1]:8501", "[0::1]:8501"])
    with pytest.raises(ValueError):
        render("127.0.0.1:8080", [])


NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed: `apt-get install nginx` (Debian package `nginx`)")
def test_nginx_accepts_the_written_config(tmp_path):
    conf = write(tmp_path / "nginx.conf", "127.0.0.1:8080", ["127.0.0.1:8501", "127.0.0.1:8502"])
    error_log = tmp_path / "logs" / "error.log"
    result = subprocess.run([NGINX, "-t", "-q", "-p", str(tmp_path), "-c", str(conf), "-e", str(error_log)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
