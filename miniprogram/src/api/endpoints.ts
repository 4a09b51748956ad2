import type {ApiClient} from "./client";
import type {
  Address,
  Aftersale,
  AftersaleRequest,
  AftersaleState,
  ContentCard,
  ContentDetail,
  ContentKind,
  Faq,
  FaqCategory,
  FlashCheckout,
  FlashClaim,
  FlashSale,
  MyFlashClaim,
  ShareResult,
  AddressRequest,
  Cart,
  CartSyncResult,
  CartTransaction,
  Category,
  Checkout,
  CheckoutPreview,
  CheckoutRequest,
  GroupbuyCampaign,
  GroupbuyCampaignDetail,
  GroupbuySeat,
  MyGroupbuy,
  Logistics,
  Member,
  Order,
  PayProvider,
  PayResult,
  ProductCard,
  ProductDetail,
  ProductListQuery,
  RegionNode,
  Review,
  Session,
  ShopOrderPreview,
  Shopper,
  Store,
  WalletCoupon,
} from "./types";
import type {
  Bargain,
  BargainCampaign,
  BargainCheckout,
  BargainHelpResult,
  Commission,
  CommissionState,
  InvoiceRequest,
  InvoiceTitle,
  InvoiceTitleRequest,
  InvoiceType,
  OrderInvoice,
  PromoterCentre,
  TeamMember,
  Withdrawal,
  WithdrawalMethod,
} from "./types";
import type {
  CardCheckout,
  CardPlan,
  MyCard,
  PointsItem,
  PointsItemDetail,
  PointsItemKind,
  PointsRedeemRequest,
  PointsRedeemResult,
  PointsRedemption,
  SigninResult,
  SigninStatus,
} from "./types";

interface SeatRequest {
  address_id: number;
  variant_id?: number;
  carrier_id?: number;
}

/** One typed function per route the mini-program uses. */
export function endpoints(api: ApiClient) {
  return {
    auth: {
      weixin: (code: string, extra: Record<string, string | undefined> = {}) =>
        api.post<Session>("/auth/weixin", {code, ...extra}, {anonymous: true}),
      alipay: (auth_code: string, extra: Record<string, string | undefined> = {}) =>
        api.post<Session>("/auth/alipay", {auth_code, ...extra}, {anonymous: true}),
      logout: () => api.post<{revoked: number}>("/auth/logout", {}),
      me: () => api.get<Shopper>("/me"),
      phone: (body: {
        code?: string;
        encrypted_data?: string;
        iv?: string;
        alipay_response?: string;
      }) => api.post<{shopper: Shopper; session: Session | null}>("/me/phone", body),
    },
    catalog: {
      categories: () => api.get<Category[]>("/categories"),
      products: (query: ProductListQuery) =>
        api.page<ProductCard>("/products", query as Record<string, never>),
      product: (id: number, image_size = 1024) =>
        api.get<ProductDetail>(`/products/${id}`, {image_size}),
      reviews: (id: number, page = 1, with_photos = false) =>
        api.page<Review>(`/products/${id}/reviews`, {page, with_photos}),
      related: (id: number) =>
        api.get<ProductCard[]>(`/products/${id}/related`, {image_size: 256}),
      recommendations: () =>
        api.get<ProductCard[]>("/recommendations", {image_size: 256}),
    },
    search: {
      suggest: (q: string) =>
        api.get<{text: string; product_id: number}[]>("/search/suggest", {q}),
      hot: () => api.get<string[]>("/search/hot"),
      history: () => api.get<string[]>("/search/history"),
      clearHistory: () => api.delete<{deleted: number}>("/search/history"),
    },
    cart: {
      get: () => api.get<Cart>("/cart"),
      add: (variant_id: number, quantity: number, idempotencyKey?: string) =>
        api.post<Cart>("/cart/lines", {variant_id, quantity}, {idempotencyKey}),
      update: (
        lineId: number,
        body: {quantity?: number; selected?: boolean; variant_id?: number}
      ) => api.patch<Cart>(`/cart/lines/${lineId}`, body),
      remove: (lineId: number) => api.delete<Cart>(`/cart/lines/${lineId}`),
      select: (selected: boolean, line_ids?: number[]) =>
        api.post<Cart>("/cart/select", {selected, line_ids}),
      sync: (transactions: CartTransaction[], idempotencyKey: string) =>
        api.post<CartSyncResult>("/cart/sync", {transactions}, {idempotencyKey}),
    },
    checkout: {
      preview: (body: CheckoutRequest) =>
        api.post<CheckoutPreview>("/checkout/preview", body),
      create: (body: CheckoutRequest, idempotencyKey: string) =>
        api.post<Checkout>("/checkout", body, {idempotencyKey}),
      pay: (checkoutId: number, provider: PayProvider, idempotencyKey: string) =>
        api.post<PayResult>(
          `/checkouts/${checkoutId}/pay`,
          {provider},
          {idempotencyKey}
        ),
    },
    orders: {
      list: (status: string, page = 1) => api.page<Order>("/orders", {status, page}),
      get: (id: number) => api.get<Order>(`/orders/${id}`),
      cancel: (id: number) => api.post<Order>(`/orders/${id}/cancel`),
      rebuy: (id: number) => api.post<Cart>(`/orders/${id}/rebuy`),
      logistics: (id: number) => api.get<Logistics>(`/orders/${id}/logistics`),
      receive: (id: number) =>
        api.post<{order_id: number; received_at: string}>(`/orders/${id}/receive`),
    },
    member: {
      get: () => api.get<Member>("/member"),
      coupons: (state: "usable" | "used" | "expired" = "usable", page = 1) =>
        api.page<WalletCoupon>("/coupons", {state, page}),
    },
    addresses: {
      list: () => api.get<Address[]>("/addresses"),
      get: (id: number) => api.get<Address>(`/addresses/${id}`),
      create: (body: AddressRequest) => api.post<Address>("/addresses", body),
      update: (id: number, body: AddressRequest) =>
        api.put<Address>(`/addresses/${id}`, body),
      remove: (id: number) =>
        api.delete<{id: number; deleted: boolean}>(`/addresses/${id}`),
      setDefault: (id: number) =>
        api.post<{id: number; is_default: boolean}>(`/addresses/${id}/default`),
      fromWeixin: (body: Record<string, unknown>) =>
        api.post<Address>("/addresses/from-weixin", body),
      regions: (parent_id?: number) => api.get<RegionNode[]>("/regions", {parent_id}),
    },
    groupbuy: {
      campaigns: (page = 1) => api.page<GroupbuyCampaign>("/groupbuys", {page}),
      campaign: (id: number) => api.get<GroupbuyCampaignDetail>(`/groupbuys/${id}`),
      open: (campaignId: number, body: SeatRequest, idempotencyKey: string) =>
        api.post<GroupbuySeat>(`/groupbuys/${campaignId}/groups`, body, {
          idempotencyKey,
        }),
      join: (groupId: number, body: SeatRequest, idempotencyKey: string) =>
        api.post<GroupbuySeat>(`/groupbuy-groups/${groupId}/join`, body, {
          idempotencyKey,
        }),
      mine: (page = 1) => api.page<MyGroupbuy>("/groupbuy-groups/mine", {page}),
    },
    lists: {
      favorites: (page = 1) =>
        api.page<{product: ProductCard; added_at: string}>("/favorites", {
          page,
          image_size: 256,
        }),
      favorite: (productId: number) =>
        api.put<{product_id: number; favorite: boolean}>(`/favorites/${productId}`),
      unfavorite: (productId: number) =>
        api.delete<{product_id: number; favorite: boolean}>(`/favorites/${productId}`),
      footprints: (page = 1) =>
        api.page<{day: string; viewed_at: string; product: ProductCard}>(
          "/footprints",
          {
            page,
            image_size: 256,
          }
        ),
      recordFootprint: (product_id: number) =>
        api.post<{product_id: number; day: string}>("/footprints", {product_id}),
    },
    flash: {
      sales: (page = 1) => api.page<FlashSale>("/flash-sales", {page}),
      claim: (saleId: number, quantity: number, idempotencyKey: string) =>
        api.post<FlashClaim>(
          `/flash-sales/${saleId}/claims`,
          {quantity},
          {idempotencyKey}
        ),
      myClaim: (saleId: number) =>
        api.get<MyFlashClaim>(`/flash-sales/${saleId}/claim`),
      checkout: (saleId: number, address_id: number, idempotencyKey: string) =>
        api.post<FlashCheckout>(
          `/flash-sales/${saleId}/claim/checkout`,
          {address_id},
          {idempotencyKey}
        ),
    },
    aftersales: {
      create: (body: AftersaleRequest, idempotencyKey: string) =>
        api.post<Aftersale>("/aftersales", body, {idempotencyKey}),
      list: (state?: AftersaleState, page = 1) =>
        api.page<Aftersale>("/aftersales", {state, page}),
      get: (id: number) => api.get<Aftersale>(`/aftersales/${id}`),
      cancel: (id: number) => api.post<Aftersale>(`/aftersales/${id}/cancel`),
      sendBack: (id: number, carrier: string, tracking_number: string) =>
        api.post<Aftersale>(`/aftersales/${id}/return`, {carrier, tracking_number}),
    },
    content: {
      list: (kind?: ContentKind, page = 1) =>
        api.page<ContentCard>("/contents", {kind, page, image_size: 512}),
      get: (id: number) =>
        api.get<ContentDetail>(`/contents/${id}`, {image_size: 1024}),
    },
    service: {
      faqs: (q?: string, category_id?: number, page = 1) =>
        api.page<Faq>("/faqs", {q: q || undefined, category_id, page}),
      categories: () => api.get<FaqCategory[]>("/faq-categories"),
    },
    shares: {
      create: (product_id?: number) =>
        api.post<ShareResult>("/shares", product_id ? {product_id} : {}),
    },
    stores: {
      nearby: (latitude?: number, longitude?: number, page = 1) =>
        api.page<Store>("/stores", {latitude, longitude, page}),
    },
    signin: {
      status: (year?: number, month?: number) =>
        api.get<SigninStatus>("/signin", {year, month}),
      signIn: (idempotencyKey: string) =>
        api.post<SigninResult>("/signin", undefined, {idempotencyKey}),
    },
    pointsMall: {
      items: (page = 1, kind?: PointsItemKind) =>
        api.page<PointsItem>("/points-mall/items", {page, kind}),
      item: (id: number) => api.get<PointsItemDetail>(`/points-mall/items/${id}`),
      redeem: (id: number, body: PointsRedeemRequest, idempotencyKey: string) =>
        api.post<PointsRedeemResult>(`/points-mall/items/${id}/redeem`, body, {
          idempotencyKey,
        }),
      preview: (id: number, body: PointsRedeemRequest) =>
        api.post<ShopOrderPreview>(`/points-mall/items/${id}/preview`, body),
      redemptions: (page = 1) =>
        api.page<PointsRedemption>("/points-mall/redemptions", {page}),
    },
    memberCard: {
      plans: () => api.get<CardPlan[]>("/member-card/plans"),
      mine: () => api.get<MyCard>("/member-card"),
      buy: (plan_id: number, idempotencyKey: string) =>
        api.post<CardCheckout>("/member-card/purchases", {plan_id}, {idempotencyKey}),
    },
    bargain: {
      campaigns: (page = 1) => api.page<BargainCampaign>("/bargains", {page}),
      start: (campaignId: number) => api.post<Bargain>(`/bargains/${campaignId}/start`),
      task: (id: number) => api.get<Bargain>(`/bargain-tasks/${id}`),
      help: (id: number) => api.post<BargainHelpResult>(`/bargain-tasks/${id}/help`),
      checkout: (id: number, address_id: number, idempotencyKey: string) =>
        api.post<BargainCheckout>(
          `/bargain-tasks/${id}/checkout`,
          {address_id},
          {idempotencyKey}
        ),
      mine: (page = 1) => api.page<Bargain>("/bargain-tasks/mine", {page}),
    },
    distribution: {
      centre: () => api.get<PromoterCentre>("/distribution/me"),
      apply: () => api.post<PromoterCentre>("/distribution/promoter"),
      team: (level: 1 | 2, page = 1) =>
        api.page<TeamMember>("/distribution/team", {level, page}),
      commissions: (state?: CommissionState, page = 1) =>
        api.page<Commission>("/distribution/commissions", {state, page}),
      withdrawals: (page = 1) =>
        api.page<Withdrawal>("/distribution/withdrawals", {page}),
      withdraw: (amount: string, method: WithdrawalMethod, idempotencyKey: string) =>
        api.post<Withdrawal>(
          "/distribution/withdrawals",
          {amount, method},
          {idempotencyKey}
        ),
    },
    invoices: {
      titles: () => api.get<InvoiceTitle[]>("/invoice-titles"),
      createTitle: (body: InvoiceTitleRequest) =>
        api.post<InvoiceTitle>("/invoice-titles", body),
      updateTitle: (id: number, body: InvoiceTitleRequest) =>
        api.put<InvoiceTitle>(`/invoice-titles/${id}`, body),
      removeTitle: (id: number) =>
        api.delete<{id: number; deleted: boolean}>(`/invoice-titles/${id}`),
      ofOrder: (orderId: number) => api.get<OrderInvoice>(`/orders/${orderId}/invoice`),
      request: (orderId: number, title_id: number, invoice_type: InvoiceType) =>
        api.post<InvoiceRequest>(`/orders/${orderId}/invoice`, {
          title_id,
          invoice_type,
        }),
      cancel: (orderId: number) =>
        api.post<InvoiceRequest>(`/orders/${orderId}/invoice/cancel`),
      pdfUrl: (orderId: number) => api.url(`/orders/${orderId}/invoice/pdf`),
    },
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
