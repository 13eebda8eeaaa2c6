#!/usr/bin/env python3
"""A GeoReport v2 client written from the specification (wiki.open311.org/GeoReport_v2), not
from this server's code: it finds the endpoint in the discovery, lists the services, reads a
service definition for its attributes, creates requests in both formats (form-encoded, as the
specification and FixMyStreet's client post them), lists and reads them back, and polls a
token. XML is parsed with Python's own XML parser. It prints one JSON line of what it saw.

    client.py BASE KEY JURISDICTION scenario
    client.py BASE KEY JURISDICTION create DESCRIPTION [ADDRESS]
    client.py BASE KEY JURISDICTION list

BASE is the server (http://127.0.0.1:PORT); JURISDICTION may be "" (a community's own desk).
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET


def fetch(url, form=None):
    data = None
    headers = {"Accept-Language": "zh-CN"}
    if form is not None:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def xml(body):
    return ET.fromstring(body)


def error_of(kind, body):
    if "json" in kind:
        return json.loads(body)[0]["description"]
    return xml(body).find("error/description").text


def endpoint(base):
    status, kind, body = fetch(base + "/open311/v2/discovery.xml")
    assert status == 200 and kind.startswith("text/xml"), (status, kind)
    root = xml(body)
    for ep in root.findall("endpoints/endpoint"):
        formats = [f.text for f in ep.findall("formats/format")]
        if "text/xml" in formats and "application/json" in formats:
            return ep.find("specification").text, formats
    raise SystemExit("no endpoint speaks both formats")


def create(base, key, jurisdiction, code, grid, description, address, fmt):
    form = {
        "api_key": key,
        "service_code": code,
        "address_string": address,
        "description": description,
        "first_name": "丽",
        "last_name": "张",
        "phone": "13800001234",
        "email": "zhangli@example.cn",
        "lat": "30.9903",
        "long": "103.6459",
    }
    if grid is not None:
        form["attribute[grid]"] = grid
    if jurisdiction:
        form["jurisdiction_id"] = jurisdiction
    status, kind, body = fetch(base + "/open311/v2/requests." + fmt, form)
    if status != 200:
        return {"status": status, "error": error_of(kind, body)}
    if fmt == "xml":
        req = xml(body).find("request")
        return {
            "status": status,
            "id": req.find("service_request_id").text,
            "token": req.find("token").text,
            "notice": req.find("service_notice").text,
        }
    req = json.loads(body)[0]
    return {
        "status": status,
        "id": req["service_request_id"],
        "token": req["token"],
        "notice": req["service_notice"],
    }


def scenario(base, key, jurisdiction):
    spec, formats = endpoint(base)
    status, _, body = fetch(base + "/open311/v2/services.xml")
    services = xml(body).findall("service")
    codes = [s.find("service_code").text for s in services]
    code = "facility.streetlight" if "facility.streetlight" in codes else codes[0]
    with_metadata = [s.find("service_code").text for s in services if s.find("metadata").text == "true"]
    status, _, body = fetch(base + "/open311/v2/services/" + code + ".xml")
    attrs = xml(body).findall("attributes/attribute")
    grid_attr = [a for a in attrs if a.find("code").text == "grid"][0]
    grid_values = [v.find("key").text for v in grid_attr.findall("values/value")]
    made = []
    for fmt in ("xml", "json"):
        made.append(create(base, key, jurisdiction, code, grid_values[2], "路灯不亮 (" + fmt + ")", "新联街 8号", fmt))
    ids = [m["id"] for m in made if "id" in m]
    query = urllib.parse.urlencode({"service_request_id": ",".join(ids)})
    if jurisdiction:
        query += "&" + urllib.parse.urlencode({"jurisdiction_id": jurisdiction})
    status, _, body = fetch(base + "/open311/v2/requests.xml?" + query)
    listed_xml = [
        {
            "id": r.find("service_request_id").text,
            "status": r.find("status").text,
            "service_code": r.find("service_code").text,
            "description": r.find("description").text,
            "lat": r.find("lat").text,
            "fields": [c.tag for c in r],
        }
        for r in xml(body).findall("request")
    ]
    status, _, body = fetch(base + "/open311/v2/requests.json?" + query)
    listed_json = json.loads(body)
    one = {}
    for i in ids:
        status, _, body = fetch(base + "/open311/v2/requests/" + urllib.parse.quote(i) + ".json")
        one[i] = json.loads(body)[0] if status == 200 else status
    tokens = {}
    for m in made:
        if "token" in m:
            status, _, body = fetch(base + "/open311/v2/tokens/" + m["token"] + ".xml")
            tokens[m["token"]] = xml(body).find("request/service_request_id").text
    everything = fetch(base + "/open311/v2/requests.json?status=open")[2].decode("utf-8")
    print(json.dumps({
        "specification": spec,
        "formats": formats,
        "services": len(codes),
        "with_metadata": len(with_metadata),
        "grid_values": grid_values,
        "made": made,
        "listed_xml": listed_xml,
        "listed_json": listed_json,
        "one": one,
        "tokens": tokens,
        "all_open": json.loads(everything),
    }, ensure_ascii=False))


def main():
    base, key, jurisdiction, what = sys.argv[1:5]
    if what == "scenario":
        scenario(base, key, jurisdiction)
    elif what == "list":
        print(fetch(base + "/open311/v2/requests.json?status=open")[2].decode("utf-8"))
    elif what == "create":
        address = sys.argv[6] if len(sys.argv) > 6 else "新联街 8号"
        print(json.dumps(create(base, key, jurisdiction, "facility.streetlight", None, sys.argv[5], address, "json"), ensure_ascii=False))
    else:
        raise SystemExit("unknown command " + what)


if __name__ == "__main__":
    main()
