import {defineConfig} from "vite";
import uni from "@dcloudio/vite-plugin-uni";

// One codebase, three targets: `uni build` (H5), `-p mp-weixin`, `-p mp-alipay`.
// H5 dev server: /mall (API and images) goes to the Odoo at MALL_ODOO_URL.
const odoo = process.env.MALL_ODOO_URL || "http://localhost:8069";

export default defineConfig({
  plugins: [uni()],
  server: {
    proxy: {"/mall": {target: odoo, changeOrigin: true}},
  },
});
