/* Leadership dashboard charts (Apache ECharts). Data comes from the json_script element
   #dashboard-data; no inline script (CSP). Each .chart[data-chart] is drawn from one key. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var font = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
  var red = "#b22222";

  function bar(rows, valueKey) {
    return {
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", itemStyle: { color: red }, label: { show: true, position: "right" },
                 data: rows.map(function (r) { return r[valueKey || "count"]; }) }]
    };
  }

  var builders = {
    categories: function () { return bar(data.categories); },
    bands: function () { return bar(data.bands); },
    activity_kinds: function () {
      return {
        textStyle: { fontFamily: font },
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"],
                   data: data.activity_kinds.map(function (r) { return { name: r.name, value: r.count }; }) }]
      };
    },
    compare: function () {
      return {
        textStyle: { fontFamily: font },
        legend: { data: ["本年", "上年"] },
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.compare.map(function (r) { return r.name; }),
                 axisLabel: { interval: 0, width: 70, overflow: "break" } },
        yAxis: { type: "value" },
        series: [
          { name: "本年", type: "bar", itemStyle: { color: red }, data: data.compare.map(function (r) { return r.now; }) },
          { name: "上年", type: "bar", itemStyle: { color: "#999" }, data: data.compare.map(function (r) { return r.before; }) }
        ]
      };
    }
  };

  var charts = [];
  document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
    var build = builders[el.getAttribute("data-chart")];
    var rows = data[el.getAttribute("data-chart")] || [];
    if (!build || rows.length === 0) { el.textContent = "暂无数据"; el.classList.add("text-muted"); return; }
    el.style.height = "300px";
    var chart = echarts.init(el);
    chart.setOption(build());
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
