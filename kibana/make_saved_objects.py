#!/usr/bin/env python3
"""Writes kibana/saved-objects.ndjson: a data view per index and the analysts' dashboard.
Kept as code because Kibana stores JSON inside JSON strings; edit here, run, commit both."""
import json, os

DATA_VIEWS = {  # id/title -> time field
    "hazard-reports": "receivedAt",
    "hazard-daily-stats": "date",
    "hazard-bulletins": "date",
    "hazard-cases": "dispatchedAt",
    "hazard-case-metrics": "date",
    "hazard-districts": None,  # the district polygons: no time
}


def data_view(name, time_field):
    attributes = {"title": name, "name": name}
    if time_field:
        attributes["timeFieldName"] = time_field
    return {"type": "index-pattern", "id": name, "attributes": attributes,
            "references": [], "managed": False, "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.0.0"}


def vis(vid, title, vtype, index, aggs, params=None, query=""):
    search = {"query": {"query": query, "language": "kuery"}, "filter": [],
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    return {"type": "visualization", "id": vid,
            "attributes": {"title": title, "description": "", "uiStateJSON": "{}", "version": 1,
                           "visState": json.dumps({"title": title, "type": vtype, "params": params or {}, "aggs": aggs}, ensure_ascii=False),
                           "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search, ensure_ascii=False)}},
            "references": [{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern", "id": index}],
            "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.5.0"}


def agg(aid, atype, schema, **params):
    return {"id": str(aid), "enabled": True, "type": atype, "schema": schema, "params": params}


objects = [data_view(n, t) for n, t in DATA_VIEWS.items()]
objects += [
    vis("hazard-reports-over-time-by-feed", "Reports over time by feed (各渠道举报量)", "histogram", "hazard-reports",
        [agg(1, "count", "metric"), agg(2, "date_histogram", "segment", field="receivedAt", interval="d", min_doc_count=1),
         agg(3, "terms", "group", field="feed", size=3, order="desc", orderBy="1")],
        {"type": "histogram", "addLegend": True, "legendPosition": "right"}),
    vis("hazard-reports-by-district", "Reports by district (各县区举报量)", "horizontal_bar", "hazard-reports",
        [agg(1, "count", "metric"), agg(2, "terms", "segment", field="districtName", size=10, order="desc", orderBy="1")],
        {"type": "histogram", "addLegend": False}),
    vis("hazard-reports-by-category", "Reports by category (问题类别)", "pie", "hazard-reports",
        [agg(1, "count", "metric"), agg(2, "terms", "segment", field="category", size=10, order="desc", orderBy="1")],
        {"type": "pie", "isDonut": True, "addLegend": True}),
    vis("hazard-closed-loop-by-district", "Closed loop by district (响应率 办结率 满意率)", "table", "hazard-case-metrics",
        [agg(2, "terms", "bucket", field="districtName", size=20, order="desc", orderBy="3"),
         agg(3, "sum", "metric", field="dispatched", customLabel="派单 dispatched"),
         agg(4, "sum", "metric", field="acceptedInTime", customLabel="按时响应 accepted in time"),
         agg(5, "sum", "metric", field="resolved", customLabel="办结 resolved"),
         agg(6, "sum", "metric", field="rated", customLabel="回访评价 rated"),
         agg(7, "sum", "metric", field="satisfied", customLabel="满意 satisfied"),
         agg(8, "avg", "metric", field="responseRate", customLabel="响应率 (daily avg)"),
         agg(9, "avg", "metric", field="completionRate", customLabel="办结率 (daily avg)"),
         agg(10, "avg", "metric", field="satisfactionRate", customLabel="满意率 (daily avg)")],
        {"perPage": 20, "showTotal": True}, query="window : \"day\""),
    vis("hazard-top-addresses", "Addresses reported most often (高频地址)", "table", "hazard-reports",
        [agg(1, "count", "metric"), agg(2, "terms", "bucket", field="address.keyword", size=20, order="desc", orderBy="1")],
        {"perPage": 20}),
]
layer = {"id": "reports", "label": "Hazard reports", "type": "GEOJSON_VECTOR", "visible": True, "alpha": 0.8,
         "sourceDescriptor": {"type": "ES_SEARCH", "id": "reports-source", "geoField": "location", "scalingType": "CLUSTERS",
                              "tooltipProperties": ["category", "districtName", "address", "receivedAt"],
                              "indexPatternRefName": "layer_0_source_index_pattern"},
         "style": {"type": "VECTOR", "properties": {}}}
# the districts coloured by their reports in the map's time range: hazard-districts' polygons joined on
# their code with a terms aggregation of hazard-reports.districtCode
JOIN_ID = "reports-per-district"
districts = {"id": "districts", "label": "Reports per district (各县区举报量)", "type": "GEOJSON_VECTOR", "visible": True, "alpha": 0.6,
             "sourceDescriptor": {"type": "ES_SEARCH", "id": "districts-source", "geoField": "shape", "scalingType": "LIMIT",
                                  "tooltipProperties": ["name", "code"], "applyGlobalQuery": False, "applyGlobalTime": False,
                                  "indexPatternRefName": "layer_1_source_index_pattern"},
             "joins": [{"leftField": "code", "right": {
                 "type": "ES_TERM_SOURCE", "id": JOIN_ID, "term": "districtCode", "indexPatternTitle": "hazard-reports",
                 "metrics": [{"type": "count", "label": "reports (举报量)"}], "applyGlobalQuery": True, "applyGlobalTime": True,
                 "indexPatternRefName": "layer_1_join_0_index_pattern"}}],
             "style": {"type": "VECTOR", "properties": {
                 "fillColor": {"type": "DYNAMIC", "options": {"color": "Yellow to Red", "type": "ORDINAL",
                                                             "field": {"name": f"__kbnjoin__count__{JOIN_ID}", "origin": "join"},
                                                             "fieldMetaOptions": {"isEnabled": True, "sigma": 3}}},
                 "lineColor": {"type": "STATIC", "options": {"color": "#41414A"}},
                 "lineWidth": {"type": "STATIC", "options": {"size": 1}}}}}
objects.append({"type": "map", "id": "hazard-report-map", "attributes": {
    "title": "Map of report locations (隐患举报地图)", "description": "",
    "layerListJSON": json.dumps([{"id": "basemap", "type": "EMS_VECTOR_TILE", "sourceDescriptor": {"type": "EMS_TMS", "isAutoSelect": True},
                                  "visible": True, "alpha": 1}, districts, layer], ensure_ascii=False),
    "mapStateJSON": json.dumps({"zoom": 9, "center": {"lon": 101.70, "lat": 36.70}, "timeFilters": {"from": "now-30d", "to": "now"}}),
    "uiStateJSON": "{}"},
    "references": [{"name": "layer_0_source_index_pattern", "type": "index-pattern", "id": "hazard-reports"},
                   {"name": "layer_1_source_index_pattern", "type": "index-pattern", "id": "hazard-districts"},
                   {"name": "layer_1_join_0_index_pattern", "type": "index-pattern", "id": "hazard-reports"}],
    "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.4.0"})

panels, refs = [], []
layout = [("hazard-reports-over-time-by-feed", "visualization", 0, 0, 48, 12), ("hazard-reports-by-district", "visualization", 0, 12, 24, 14),
          ("hazard-reports-by-category", "visualization", 24, 12, 24, 14), ("hazard-report-map", "map", 0, 26, 48, 18),
          ("hazard-closed-loop-by-district", "visualization", 0, 44, 48, 14), ("hazard-top-addresses", "visualization", 0, 58, 48, 14)]
for i, (oid, otype, x, y, w, h) in enumerate(layout):
    panels.append({"panelIndex": str(i + 1), "gridData": {"x": x, "y": y, "w": w, "h": h, "i": str(i + 1)},
                   "embeddableConfig": {}, "panelRefName": f"panel_{i}", "type": otype})
    refs.append({"name": f"panel_{i}", "type": otype, "id": oid})
objects.append({"type": "dashboard", "id": "hazard-analysts", "attributes": {
    "title": "西宁市安全隐患举报 — analysts", "description": "Reports over time, by district and category, on the map; the closed loop; the addresses reported most often.",
    "panelsJSON": json.dumps(panels), "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
    "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
    "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})}},
    "references": refs, "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.9.0"})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "saved-objects.ndjson"), "w", encoding="utf-8") as f:
    for o in objects:
        f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"{len(objects)} saved objects")
