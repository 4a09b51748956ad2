/** Shapes of /mall/api/v1 (see the server's /mall/api/v1/openapi.json). Amounts are decimal strings. */
export type Money = string;
export type Platform = "weixin" | "alipay" | "h5";

export interface PageMeta {
  page: number;
  page_size: number;
  total: number;
  pages: number;
}

export interface Envelope<T, M = Record<string, unknown>> {
  data: T;
  meta: M;
}

export interface Paged<T> {
  items: T[];
  meta: PageMeta;
}

export interface ErrorBody {
  error: {code: string; message: string; message_en?: string; details?: unknown[]};
}

export interface Category {
  id: number;
  name: string;
  level: number;
  icon: string | null;
  children: Category[];
}

export interface Label {
  id: number;
  name: string;
  color: string | null;
}

export interface FlashDiscount {
  price: Money;
  original_price: Money;
  ends_at: string;
  remaining: number | null;
}

export interface ProductCard {
  id: number;
  name: string;
  subtitle: string;
  price: Money;
  currency: string;
  image: string | null;
  labels: Label[];
  is_new: boolean;
  sales_count: number;
  in_stock: boolean;
  flash?: FlashDiscount | null;
}

export type ProductSort = "relevance" | "sales" | "price_asc" | "price_desc" | "newest";
export type ImageSize = 128 | 256 | 512 | 1024 | 1920;

export interface ProductListQuery {
  page?: number;
  page_size?: number;
  category_id?: number;
  brand_id?: number[];
  label_id?: number[];
  price_min?: number;
  price_max?: number;
  in_stock?: boolean;
  new?: boolean;
  q?: string;
  sort?: ProductSort;
  image_size?: ImageSize;
}

export interface Named {
  id: number;
  name: string;
}

export interface AttributeValue {
  id: number;
  name: string;
  html_color: string | null;
}

export interface Attribute {
  id: number;
  name: string;
  display_type: string;
  values: AttributeValue[];
}

export interface Variant {
  id: number;
  sku: string;
  price: Money;
  stock: number;
  value_ids: number[];
  image: string | null;
}

export interface Review {
  id: number;
  rating: number;
  text: string;
  photos: string[];
  author: string;
  created_at: string;
  reply: string | null;
}

export interface ProductDetail {
  id: number;
  name: string;
  subtitle: string;
  description: string;
  currency: string;
  price_min: Money;
  price_max: Money;
  images: string[];
  video_url: string | null;
  brand: Named | null;
  categories: Named[];
  labels: Label[];
  specs: {name: string; value: string}[];
  attributes: Attribute[];
  variants: Variant[];
  sales_count: number;
  flash?: FlashDiscount | null;
  rating: {average: number; count: number};
  reviews: Review[];
  related: ProductCard[];
}

export interface ShopRef {
  id: number;
  name: string;
}

export interface CartLine {
  id: number;
  product_id: number;
  variant_id: number;
  name: string;
  variant: string;
  image: string | null;
  price: Money;
  quantity: number;
  subtotal: Money;
  selected: boolean;
  available: number;
  shop: ShopRef | null;
  bundle?: {id: number; name: string; group: string} | null;
}

export interface Cart {
  currency: string;
  lines: CartLine[];
  selected_quantity: number;
  selected_amount: Money;
}

export interface CartTransaction {
  id: string;
  action: "add" | "set" | "remove" | "select";
  variant_id?: number;
  line_id?: number;
  quantity?: number;
  selected?: boolean;
}

export interface CartSyncResult {
  results: {
    id: string;
    status: "applied" | "duplicate" | "rejected";
    error?: string | null;
  }[];
  cart: Cart;
}

export interface Carrier {
  id: number;
  name: string;
  fee: Money;
}

export interface ShopOrderPreview {
  shop: ShopRef;
  lines: {
    variant_id: number;
    name: string;
    quantity: number;
    price: Money;
    subtotal: Money;
    note?: string | null;
  }[];
  carriers: Carrier[];
  carrier_id: number | null;
  delivery_fee: Money;
  amount_untaxed: Money;
  amount_tax: Money;
  amount_total: Money;
}

export interface PreviewCoupon {
  id: number;
  name: string;
  discount: Money;
  selected: boolean;
  shop_id?: number | null;
  explanation?: string | null;
}

export interface CheckoutPreview {
  currency: string;
  orders: ShopOrderPreview[];
  coupons: PreviewCoupon[];
  coupons_saved: Money;
  amount_total: Money;
}

export interface CheckoutRequest {
  address_id: number;
  carriers?: Record<number, number>;
  coupon_ids?: number[] | null;
  scene?: string | null;
}

export interface Checkout {
  id: number;
  name: string;
  currency: string;
  amount_total: Money;
  pay_before: string;
  orders: {
    id: number;
    name: string;
    shop: ShopRef | null;
    amount_total: Money;
    held: boolean;
  }[];
}

export type PayProvider = "wechatpay" | "alipay" | "mall_balance";

export interface PayResult {
  reference: string;
  provider: string;
  amount: Money;
  state: "pending" | "done";
  request_payment?: Record<string, string> | null;
  trade_no?: string | null;
  balance_remaining?: Money | null;
}

export type OrderStatus =
  | "to_pay"
  | "to_ship"
  | "to_receive"
  | "to_review"
  | "aftersale"
  | "done"
  | "cancelled";

export interface Order {
  id: number;
  name: string;
  status: OrderStatus | string;
  shop: ShopRef | null;
  created_at: string;
  pay_before: string | null;
  checkout_id: number | null;
  lines: {
    id: number;
    product_id: number;
    variant_id: number;
    name: string;
    quantity: number;
    price: Money;
    subtotal: Money;
  }[];
  delivery_fee: Money;
  amount_total: Money;
  currency: string;
}

export interface Shopper {
  id: number;
  name: string;
  avatar: string | null;
  phone: string | null;
  gender: "male" | "female" | null;
  birthday: string | null;
  platforms: ("weixin" | "alipay")[];
}

export interface Session {
  token: string;
  expires_at: string;
  refresh_token: string;
  refresh_expires_at: string;
  is_new: boolean;
  shopper: Shopper;
}

export interface Member {
  points: number;
  points_expiring: number;
  points_expiring_on?: string | null;
  tier?: {
    id: number;
    name: string;
    min_points: number;
    discount_percent: number;
  } | null;
  next_tier?: {
    id: number;
    name: string;
    min_points: number;
    discount_percent: number;
  } | null;
  tier_basis: string;
  tier_value: number;
  to_next_tier: number;
  progress_percent: number;
  discount_percent: number;
  perks: string;
  member_day?: {
    day: number;
    today: boolean;
    next_date: string;
    points_multiplier: number;
    discount_percent: number;
  } | null;
}

export interface Region {
  id: number;
  code: string;
  name: string;
  level: "province" | "city" | "district";
}

export interface RegionNode extends Region {
  has_children: boolean;
}

export interface Address {
  id: number;
  recipient: string;
  phone: string;
  region: Region;
  province: string;
  city: string;
  district: string | null;
  detail: string;
  house_number: string | null;
  postal_code: string | null;
  is_default: boolean;
  full_address: string;
}

export interface AddressRequest {
  recipient: string;
  phone: string;
  region_id?: number;
  region_code?: string;
  detail: string;
  house_number?: string | null;
  postal_code?: string | null;
  is_default?: boolean | null;
}

export interface Store {
  id: number;
  name: string;
  shop_id: number;
  province: string;
  city: string;
  district: string;
  address: string;
  phone: string;
  opening_hours: string;
  latitude: number;
  longitude: number;
  distance_km?: number | null;
}

export interface WalletCoupon {
  id: number;
  name: string;
  code: string;
  kind: "fixed" | "percent" | "shipping" | "other";
  description: string;
  threshold: Money;
  amount?: Money | null;
  percent?: number | null;
  max_discount?: Money | null;
  valid_from: string | null;
  valid_until: string | null;
  state: "usable" | "used" | "expired";
}

export interface GroupbuyCampaign {
  id: number;
  name: string;
  product_id: number;
  product_name: string;
  currency: string;
  list_price: Money;
  group_price: Money;
  group_size: number;
  duration_hours: number;
  per_shopper_limit: number;
  date_end: string;
}

export interface GroupbuyGroup {
  id: number;
  name: string;
  campaign_id: number;
  leader: string;
  state: "draft" | "open" | "succeeded" | "failed" | "cancel";
  group_size: number;
  paid_count: number;
  seats_left: number;
  expires_at: string | null;
}

export interface GroupbuyCampaignDetail extends GroupbuyCampaign {
  variants: {id: number; name: string}[];
  open_groups: GroupbuyGroup[];
}

export interface GroupbuySeat {
  member_id: number;
  state: "pending_payment" | "paid" | "refunded" | "cancel";
  group: GroupbuyGroup;
  checkout: Checkout;
}

export interface TrackingEvent {
  time: string;
  status: "shipped" | "in_transit" | "out_for_delivery" | "delivered" | "exception";
  description: string | null;
  location: string | null;
}

export interface Logistics {
  order_id: number;
  status: "unshipped" | "partially_shipped" | "shipped" | "received";
  carrier: string | null;
  tracking_number: string | null;
  shipped_at: string | null;
  received_at: string | null;
  auto_receive_at: string | null;
  events: TrackingEvent[];
}

export interface FlashSale {
  id: number;
  name: string;
  product_id: number;
  product_name: string;
  currency: string;
  list_price: Money;
  flash_price: Money;
  quota: number;
  remaining: number;
  per_shopper_limit: number;
  date_start: string;
  date_end: string | null;
  started: boolean;
}

export interface FlashClaim {
  claim_uid: string;
  sale_id: number;
  quantity: number;
  state: "accepted";
}

export interface MyFlashClaim {
  claim_uid: string;
  sale_id: number;
  quantity: number;
  state: "accepted" | "ordered" | "paid" | "expired";
  order_id: number | null;
  expires_at: string;
}

export interface FlashCheckout {
  claim: MyFlashClaim;
  checkout: Checkout;
}

export type AftersaleType = "refund" | "return_refund" | "exchange";
export type AftersaleReason =
  | "unwanted"
  | "quality"
  | "wrong_item"
  | "damaged"
  | "not_as_described"
  | "other";
export type AftersaleState =
  | "requested"
  | "approved"
  | "waiting_return"
  | "returned"
  | "reshipped"
  | "refunded"
  | "done"
  | "rejected"
  | "cancelled";

export interface AftersaleRequest {
  order_id: number;
  type: AftersaleType;
  reason: AftersaleReason;
  description?: string;
  lines: {order_line_id: number; quantity: number}[];
  amount?: Money | null;
  /** Base64 JPEG/PNG/WebP, at most 9 of 2 MiB each. */
  photos?: string[];
}

export interface Aftersale {
  id: number;
  name: string;
  order_id: number;
  order_name: string;
  type: AftersaleType;
  reason: AftersaleReason;
  description: string;
  state: AftersaleState;
  currency: string;
  amount_requested: Money;
  amount_refunded: Money;
  reject_reason: string | null;
  return_carrier: string | null;
  return_tracking_number: string | null;
  lines: {
    order_line_id: number;
    product_id: number;
    product_name: string;
    quantity: number;
    amount: Money;
  }[];
  photo_count: number;
  created_at: string;
}

export type ContentKind = "preview" | "tutorial" | "story";

export interface ContentCard {
  id: number;
  title: string;
  kind: ContentKind;
  summary: string;
  cover: string | null;
  published_at: string | null;
}

export interface ContentDetail extends ContentCard {
  /** Sanitized HTML. */
  body: string;
  products: ProductCard[];
}

export interface Faq {
  id: number;
  question: string;
  /** Sanitized HTML. */
  answer: string;
  category_id: number | null;
  category_name: string | null;
}

export interface FaqCategory {
  id: number;
  name: string;
  count: number;
}

export interface ShareResult {
  token: string;
  path: string;
  campaign: string;
}

export interface MyGroupbuy {
  member_id: number;
  state: "pending_payment" | "paid" | "refunded" | "cancel";
  is_leader: boolean;
  order_id: number | null;
  campaign_name: string;
  group: GroupbuyGroup;
}

/* 砍价 (bargain), 推广中心 (distribution), 发票 (invoices) */

export interface BargainCampaign {
  id: number;
  name: string;
  product_id: number;
  product_name: string;
  currency: string;
  start_price: Money;
  floor_price: Money;
  helpers_needed: number;
  duration_hours: number;
  per_shopper_limit: number;
  date_end: string;
}

export type BargainState = "open" | "success" | "bought" | "expired";

export interface Bargain {
  id: number;
  name: string;
  campaign_id: number;
  product_id: number;
  product_name: string;
  initiator: string;
  currency: string;
  start_price: Money;
  current_price: Money;
  floor_price: Money;
  cut_amount: Money;
  helpers_needed: number;
  help_count: number;
  progress: number;
  state: BargainState;
  expires_at: string;
  helpers: {name: string; amount: Money; helped_at: string}[];
  is_mine: boolean;
  helped: boolean;
  can_help: boolean;
  order_id?: number | null;
}

export interface BargainHelpResult {
  cut: Money;
  bargain: Bargain;
}

export interface BargainCheckout {
  bargain: Bargain;
  checkout: Checkout;
}

export type PromoterState = "none" | "applied" | "active" | "frozen" | "rejected";

export interface PromoterCentre {
  enabled: boolean;
  mode: "open" | "application" | "spend";
  spend_threshold: Money;
  state: PromoterState;
  code: string | null;
  share_path: string | null;
  currency: string;
  pending: Money;
  withdrawable: Money;
  withdrawn: Money;
  in_review: Money;
  min_withdrawal: Money;
  levels: number;
  team_level_1: number;
  team_level_2: number;
}

export interface TeamMember {
  name: string;
  level: number;
  bound_at: string | null;
  order_count: number;
}

export type CommissionState = "pending" | "withdrawable" | "withdrawn";

export interface Commission {
  id: number;
  order_name: string;
  buyer: string;
  level: number;
  kind: "accrual" | "reversal";
  base_amount: Money;
  amount: Money;
  state: CommissionState;
  date: string;
}

export type WithdrawalMethod = "balance" | "wechatpay" | "alipay";

export interface Withdrawal {
  id: number;
  name: string;
  amount: Money;
  method: WithdrawalMethod;
  state: "requested" | "approved" | "paid" | "rejected";
  reject_reason: string | null;
  created_at: string;
  paid_at: string | null;
}

export type InvoiceTitleKind = "personal" | "company";

export interface InvoiceTitleRequest {
  kind: InvoiceTitleKind;
  name: string;
  tax_id?: string | null;
  company_address?: string | null;
  company_phone?: string | null;
  bank_name?: string | null;
  bank_account?: string | null;
  email?: string | null;
  is_default?: boolean;
}

export interface InvoiceTitle {
  id: number;
  kind: InvoiceTitleKind;
  name: string;
  tax_id: string | null;
  company_address: string | null;
  company_phone: string | null;
  bank_name: string | null;
  bank_account: string | null;
  email: string | null;
  is_default: boolean;
}

export type InvoiceType = "normal" | "special";

export interface InvoiceRequest {
  id: number;
  order_id: number;
  order_name: string;
  state: "requested" | "issued" | "rejected" | "cancelled";
  invoice_type: InvoiceType;
  title: Omit<InvoiceTitle, "id" | "is_default">;
  amount: Money;
  currency: string;
  reject_reason: string | null;
  invoice_number: string | null;
  requested_at: string;
  issued_at: string | null;
  pdf_available: boolean;
}

export interface OrderInvoice {
  order_id: number;
  can_request: boolean;
  invoiceable_amount: Money;
  request: InvoiceRequest | null;
}

// Daily sign-in (签到), points mall (积分商城), paid member card (付费会员卡).

export interface SigninDay {
  /** Beijing date, "2026-12-03". */
  date: string;
  signed: boolean;
  points: number;
  streak: number;
}

export interface SigninStatus {
  today: string;
  signed_today: boolean;
  /** Current streak; 0 after a missed day. */
  streak: number;
  /** Points of today's sign-in: awarded, or to be awarded. */
  today_points: number;
  /** Points of the next streak days. */
  upcoming: {streak: number; points: number}[];
  year: number;
  month: number;
  days: SigninDay[];
  points_balance: number;
}

export interface SigninResult {
  date: string;
  streak: number;
  points: number;
  points_balance: number;
}

export type PointsItemKind = "product" | "coupon";

export interface PointsItem {
  id: number;
  name: string;
  /** product: delivered with an order; coupon: to the wallet. */
  kind: PointsItemKind;
  image: string | null;
  points: number;
  cash_price: Money;
  currency: string;
  remaining: number;
  /** 0: no limit. */
  per_shopper_limit: number;
  date_end: string | null;
}

export interface PointsItemDetail extends PointsItem {
  description: string;
  product_id: number | null;
  date_start: string | null;
}

export interface PointsRedemption {
  id: number;
  name: string;
  item_id: number;
  item_name: string;
  kind: PointsItemKind;
  quantity: number;
  points: number;
  cash_amount: Money;
  currency: string;
  state: "to_pay" | "done" | "cancel";
  order_id: number | null;
  coupon_codes: string[];
  date: string;
}

export interface PointsRedeemRequest {
  quantity: number;
  /** The delivery address; required for products. */
  address_id?: number;
  /** Products: the delivery method; the server's (cheapest) when omitted. */
  carrier_id?: number;
}

export interface PointsRedeemResult {
  redemption: PointsRedemption;
  checkout: Checkout | null;
  points_left: number;
}

export interface CardPlan {
  id: number;
  name: string;
  duration: string;
  months: number;
  price: Money;
  currency: string;
  discount_percent: number;
  category_ids: number[];
  free_shipping: boolean;
  free_shipping_min: Money;
  monthly_coupon: string | null;
  points_multiplier: number;
  /** HTML. */
  description: string;
  examples: {monthly_spend: Money; saved: Money; net: Money}[];
}

export interface MyCard {
  active: boolean;
  state?: "active" | "expired" | null;
  plan?: CardPlan | null;
  date_start?: string | null;
  date_end?: string | null;
  days_left: number;
  savings: Money;
  currency: string;
}

export interface CardCheckout {
  id: number;
  name: string;
  currency: string;
  amount_total: Money;
  pay_before: string;
  /** A valid card is extended from its end date. */
  renewal: boolean;
  new_date_end: string;
}
