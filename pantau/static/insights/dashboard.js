/* Draws the dashboard's charts and province map from the JSON the page carries (json_script).
   The tables under each chart hold the same numbers: without this script the page is complete. */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") { return; }
  var echarts = window.echarts;
  // Okabe–Ito: told apart with the common colour-vision deficiencies.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var text = read("insights-text") || {};
  var locale = text.locale === "en" ? "en-GB" : "id-ID";
  function number(value) {
    return typeof value === "number" ? value.toLocaleString(locale) : String(value);
  }
  var charts = read("insights-charts") || [];
  var drawn = [];

  function longLabels(labels) {
    return labels.some(function (label) { return String(label).length > 14; });
  }

  function optionFor(chart) {
    var base = { color: PALETTE, animation: false, textStyle: { fontSize: 13 } };
    var withheld = chart.series.some(function (serie) {
      return serie.data.some(function (value) { return value === null; });
    });
    // A pie with withheld slices would show the rest as the whole: bars leave the gap visible instead.
    if (chart.chart === "pie" && !withheld) {
      base.tooltip = { trigger: "item" };
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { formatter: function (params) { return params.name + ": " + number(params.value); } },
        data: chart.labels.map(function (label, i) {
          return { name: label, value: chart.series[0].data[i] };
        }).filter(function (item) { return item.value !== null && item.value > 0; })
      }];
      return base;
    }
    var horizontal = chart.chart === "hbar" || longLabels(chart.labels);
    var grouped = chart.series.length > 1;
    var category = {
      type: "category", data: chart.labels,
      axisLabel: horizontal ? { width: 200, overflow: "truncate" } : { interval: 0, rotate: chart.labels.length > 8 ? 30 : 0 }
    };
    var values = { type: "value", minInterval: 1, axisLabel: { formatter: number } };
    base.tooltip = { trigger: "axis", axisPointer: { type: "shadow" } };
    base.grid = { left: horizontal ? 210 : 48, right: horizontal ? 64 : 24, top: grouped ? 36 : 16, bottom: horizontal ? 24 : 56, containLabel: false };
    if (grouped) { base.legend = { top: 0 }; }
    base.xAxis = horizontal ? values : category;
    base.yAxis = horizontal ? category : values;
    if (horizontal) { category.inverse = true; }
    base.series = chart.series.map(function (serie) {
      return {
        name: serie.name, type: chart.chart === "line" ? "line" : "bar", data: serie.data,
        stack: chart.chart === "stacked" ? "all" : undefined, barMaxWidth: 36,
        label: {
          show: !grouped && chart.labels.length <= 12, position: horizontal ? "right" : "top",
          formatter: function (params) { return number(params.value); }
        }
      };
    });
    return base;
  }

  charts.forEach(function (chart) {
    var node = document.querySelector('[data-chart="' + chart.key + '"]');
    if (!node) { return; }
    var hasValue = chart.series.some(function (serie) {
      return serie.data.some(function (value) { return value !== null && value > 0; });
    });
    if (!hasValue) { node.classList.add("chart-empty"); return; }
    var labels = chart.chart === "hbar" || longLabels(chart.labels) ? chart.labels.length : 0;
    if (labels > 6) { node.classList.add("chart-tall"); }
    var instance = echarts.init(node, null, { renderer: "canvas" });
    instance.setOption(optionFor(chart));
    drawn.push(instance);
  });

  var map = read("insights-map");
  var mapNode = document.querySelector("[data-map]");
  var select = document.getElementById("map-indicator");
  if (select && select.form) {
    select.addEventListener("change", function () { select.form.submit(); });
  }
  if (map && mapNode) {
    fetch(mapNode.getAttribute("data-geojson"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geojson) {
        echarts.registerMap("indonesia", geojson);
        var shown = map.values.filter(function (item) { return item.value !== null; })
          .map(function (item) { return item.value; });
        var max = shown.length ? Math.max.apply(null, shown) : 1;
        var byCode = {};
        map.values.forEach(function (item) { byCode[item.code] = item; });
        var instance = echarts.init(mapNode, null, { renderer: "canvas" });
        instance.setOption({
          animation: false,
          tooltip: {
            trigger: "item",
            formatter: function (params) {
              var item = byCode[params.name];
              if (!item) { return params.name; }
              return item.name + ": " + (item.value === null ? (item.text === "< 5" ? text.withheld : text.none) : item.text);
            }
          },
          visualMap: {
            min: 0, max: max > 0 ? max : 1, left: 8, bottom: 8, calculable: false, text: [String(max), "0"],
            inRange: { color: ["#deebf7", "#6baed6", "#08519c"] }
          },
          series: [{
            type: "map", map: "indonesia", nameProperty: "KODE_PROV", roam: false,
            left: 60, right: 8, top: 8, bottom: 8,
            itemStyle: { areaColor: "#d0d0d0", borderColor: "#ffffff", borderWidth: 0.5 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#E69F00" } },
            data: map.values.map(function (item) { return { name: item.code, value: item.value === null ? NaN : item.value }; })
          }]
        });
        instance.on("click", function (params) {
          var item = byCode[params.name];
          if (item && item.link) { window.location.href = item.link; }
        });
        drawn.push(instance);
      });
  }

  window.addEventListener("resize", function () {
    drawn.forEach(function (instance) { instance.resize(); });
  });
})();
