/* Survey and vote result charts (Apache ECharts). Data comes from the json_script element
   #survey-chart-data (no inline script: CSP); one horizontal bar chart per question. */
(function () {
  "use strict";
  var source = document.getElementById("survey-chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var font = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
  charts.forEach(function (chart) {
    var el = document.getElementById(chart.id);
    if (!el) { return; }
    var instance = echarts.init(el);
    instance.setOption({
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true,
               data: chart.rows.map(function (r) { return r.label.length > 18 ? r.label.slice(0, 18) + "…" : r.label; }) },
      series: [{ type: "bar", itemStyle: { color: "#b22222" }, label: { show: true, position: "right" },
                 data: chart.rows.map(function (r) { return r.votes; }) }]
    });
    window.addEventListener("resize", function () { instance.resize(); });
  });
}());
