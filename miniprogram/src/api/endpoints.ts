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
  Shopper,
  Store,
  WalletCoupon,
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
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
