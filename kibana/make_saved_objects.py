#!/usr/bin/env python3
"""Writes kibana/saved-objects.ndjson: a data view per index, Lens visualisations, the map and the analysts' dashboard.
Kept as code because Kibana stores JSON inside JSON strings; edit here, run, commit both."""
import json, os

DATA_VIEWS = {  # id/title -> time field
    "hazard-reports": "receivedAt",
    "hazard-daily-stats": "date",
    "hazard-bulletins": "date",
    "hazard-case-metrics": "date",
    "hazard-alerts": "raisedAt",
    "hazard-dead-letters": "deadLetteredAt",
    "hazard-districts": None,  # the district polygons: no time
}


def data_view(name, time_field):
    attributes = {"title": name, "name": name}
    if time_field:
        attributes["timeFieldName"] = time_field
    return {"type": "index-pattern", "id": name, "attributes": attributes,
            "references": [], "managed": False, "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.0.0"}


# Lens (the aggregation-based editors are deprecated and go in Kibana 10): one formBased layer per
# visualisation; column ids are stable names so that the ndjson diffs stay readable
def col_count(label="举报量 reports"):
    return {"label": label, "customLabel": True, "dataType": "number", "operationType": "count", "isBucketed": False,
            "scale": "ratio", "sourceField": "___records___", "params": {"emptyAsNull": True}}


def col_date(field, label):
    return {"label": label, "customLabel": True, "dataType": "date", "operationType": "date_histogram", "sourceField": field,
            "isBucketed": True, "scale": "interval", "params": {"interval": "1d", "includeEmptyRows": True, "dropPartials": False}}


def col_terms(field, label, size, order_by=None, data_type="string", direction="desc"):
    order = {"type": "column", "columnId": order_by} if order_by else {"type": "alphabetical", "fallback": False}
    return {"label": label, "customLabel": True, "dataType": data_type, "operationType": "terms", "sourceField": field,
            "isBucketed": True, "scale": "ordinal",
            "params": {"size": size, "orderBy": order, "orderDirection": direction, "otherBucket": False, "missingBucket": False,
                       "parentFormat": {"id": "terms"}}}


def col_last(field, label, sort_field, data_type="number", percent=False):
    c = {"label": label, "customLabel": True, "dataType": data_type, "operationType": "last_value", "sourceField": field,
         "isBucketed": False, "scale": "ratio" if data_type == "number" else "ordinal",
         "params": {"sortField": sort_field, "showArrayValues": False}, "filter": {"query": f"{field}: *", "language": "kuery"}}
    if percent:
        c["params"]["format"] = {"id": "percent", "params": {"decimals": 0}}
    return c


def col_metric(op, field, label):
    return {"label": label, "customLabel": True, "dataType": "number", "operationType": op, "sourceField": field,
            "isBucketed": False, "scale": "ratio", "params": {"emptyAsNull": True}}


def lens(lid, title, index, vis_type, columns, visualization, query="", description=""):
    layer = "layer"
    state = {"visualization": visualization(layer), "query": {"query": query, "language": "kuery"}, "filters": [],
             "datasourceStates": {"formBased": {"layers": {layer: {
                 "columns": columns, "columnOrder": list(columns), "incompleteColumns": {}}}}},
             "internalReferences": [], "adHocDataViews": {}}
    return {"type": "lens", "id": lid,
            "attributes": {"title": title, "description": description, "visualizationType": vis_type, "state": state},
            "references": [{"type": "index-pattern", "id": index, "name": f"indexpattern-datasource-layer-{layer}"}],
            "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.9.0"}


def xy(series, x, ys, split=None, legend="right"):
    def v(layer):
        l = {"layerId": layer, "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": ys}
        if split:
            l["splitAccessor"] = split
        return {"legend": {"isVisible": split is not None, "position": legend}, "valueLabels": "hide",
                "preferredSeriesType": series, "layers": [l]}
    return v


def pie(groups, metric, shape="donut"):
    return lambda layer: {"shape": shape, "layers": [{
        "layerId": layer, "layerType": "data", "primaryGroups": groups, "metrics": [metric],
        "numberDisplay": "percent", "categoryDisplay": "default", "legendDisplay": "show", "nestedLegend": False}]}


def table(columns):
    return lambda layer: {"layerId": layer, "layerType": "data", "columns": [{"columnId": c, "isTransposed": False} for c in columns]}


objects = [data_view(n, t) for n, t in DATA_VIEWS.items()]
objects += [
    lens("hazard-reports-over-time-by-feed", "Reports over time by feed (各渠道举报量)", "hazard-reports", "lnsXY",
         {"day": col_date("receivedAt", "日期 day"), "feed": col_terms("feed", "渠道 feed", 3, "reports"), "reports": col_count()},
         xy("bar_stacked", "day", ["reports"], split="feed")),
    lens("hazard-reports-by-district", "Reports by district (各县区举报量)", "hazard-reports", "lnsXY",
         {"district": col_terms("districtName", "县区 district", 10, "reports"), "reports": col_count()},
         xy("bar_horizontal", "district", ["reports"])),
    lens("hazard-reports-by-category", "Reports by category (问题类别)", "hazard-reports", "lnsPie",
         {"category": col_terms("category", "类别 category", 10, "reports"), "reports": col_count()},
         pie(["category"], "reports")),
    lens("hazard-closed-loop-by-district", "Closed loop by district, last 30 days (响应率 办结率 满意率)", "hazard-case-metrics", "lnsDatatable",
         {"district": col_terms("districtName", "县区 district", 20, "dispatched"),
          "dispatched": col_last("dispatched", "派单 dispatched", "date"),
          "response": col_last("responseRate", "响应率 response", "date", percent=True),
          "completion": col_last("completionRate", "办结率 completion", "date", percent=True),
          "satisfaction": col_last("satisfactionRate", "满意率 satisfaction", "date", percent=True)},
         table(["district", "dispatched", "response", "completion", "satisfaction"]), query='window : "30d"',
         description="The 30 days ending on the newest day in the time range, per district (hazard-case-metrics, window 30d)."),
    lens("hazard-top-addresses", "Addresses reported most often (高频地址)", "hazard-reports", "lnsDatatable",
         {"address": col_terms("address.keyword", "地址 address", 20, "reports"), "reports": col_count()},
         table(["address", "reports"])),
    lens("hazard-data-quality", "Dead letters by feed and reason (数据质量)", "hazard-dead-letters", "lnsXY",
         {"feed": col_terms("feed", "渠道 feed", 10, "letters"), "reason": col_terms("reasonClass", "原因 reason class", 10, "letters"),
          "letters": col_count("死信 dead letters")},
         xy("bar_stacked", "feed", ["letters"], split="reason"),
         description="Records that did not become reports, by feed and reason class (hazard-dead-letters: no payloads)."),
    # a case lives in the document of the report it was opened for (hazard-reports, field case)
    lens("hazard-escalations", "Escalated cases by district (超时督办)", "hazard-reports", "lnsXY",
         {"day": col_date("case.dispatchedAt", "派单日期 dispatched"), "district": col_terms("case.districtName", "县区 district", 10, "cases"),
          "cases": col_count("督办 escalated cases")},
         xy("bar_stacked", "day", ["cases"], split="district"), query="case.escalated : true"),
    lens("hazard-surge-alerts", "Surge alerts (隐患激增提示)", "hazard-alerts", "lnsDatatable",
         {"alert": col_terms("id", "日期|县区|类别 date|district|category", 50, direction="desc"),
          "text": col_last("text.keyword", "提示 alert", "raisedAt", data_type="string"),
          "count": col_metric("max", "count", "件数 count"), "mean": col_metric("max", "baselineMean", "日均 baseline")},
         table(["alert", "text", "count", "mean"])),
]

# clustered documents are a blended layer (Kibana pairs CLUSTERS scaling with BLENDED_VECTOR; a
# GEOJSON_VECTOR layer would never cluster)
layer = {"id": "reports", "label": "Hazard reports", "type": "BLENDED_VECTOR", "visible": True, "alpha": 0.8,
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
layout = [("hazard-reports-over-time-by-feed", "lens", 0, 0, 48, 12), ("hazard-reports-by-district", "lens", 0, 12, 24, 14),
          ("hazard-reports-by-category", "lens", 24, 12, 24, 14), ("hazard-report-map", "map", 0, 26, 48, 18),
          ("hazard-surge-alerts", "lens", 0, 44, 24, 14), ("hazard-escalations", "lens", 24, 44, 24, 14),
          ("hazard-closed-loop-by-district", "lens", 0, 58, 48, 14), ("hazard-top-addresses", "lens", 0, 72, 24, 14),
          ("hazard-data-quality", "lens", 24, 72, 24, 14)]
for i, (oid, otype, x, y, w, h) in enumerate(layout):
    panels.append({"panelIndex": str(i + 1), "gridData": {"x": x, "y": y, "w": w, "h": h, "i": str(i + 1)},
                   "embeddableConfig": {"enhancements": {}}, "panelRefName": f"panel_{i}", "type": otype})
    refs.append({"name": f"panel_{i}", "type": otype, "id": oid})
objects.append({"type": "dashboard", "id": "hazard-analysts", "attributes": {
    "title": "西宁市安全隐患举报 — analysts", "description": "Reports over time, by district and category, on the map; surge alerts and escalations; the closed loop; the addresses reported most often; data quality.",
    "panelsJSON": json.dumps(panels), "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
    "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
    "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})}},
    "references": refs, "coreMigrationVersion": "8.8.0", "typeMigrationVersion": "8.9.0"})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "saved-objects.ndjson"), "w", encoding="utf-8") as f:
    for o in objects:
        f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
print(f"{len(objects)} saved objects")
