// notices.js: what a `player:me` event means to the player, in a sentence for a toast ("You won auction #4 for 80
// gold."). Events that the page already says elsewhere (a bid just accepted, an order just placed) give null.
// The events and their data: docs/land-and-player-events.md.

const RESOURCE_UNITS = ["wheat", "oil", "ore"];

function gold(amount) { return amount === null || amount === undefined ? "" : `${amount} gold`; }

function square(d) {
  const ids = d.squareIds || d.landSquares || (d.squareId != null ? [d.squareId] : []);
  return ids.length === 1 ? `square #${ids[0]}` : ids.length ? `squares ${ids.map((id) => `#${id}`).join(", ")}` : "land";
}

/** The sentence for `event` (type and data as the socket delivers them), or null to stay quiet. */
export function describePlayerEvent(event, app) {
  const d = event.data || {};
  const auction = d.auctionId != null ? `auction #${d.auctionId}` : "an auction";
  const price = d.finalPrice ?? d.price ?? d.soldPrice ?? d.amount;
  switch (event.type) {
    case "bid_accepted": return null;
    case "bid_outbid": return `You were outbid on ${auction}: your ${gold(d.amount)} is free again.`;
    case "bid_released": case "bid_refunded": case "refunded":
      return `Your bid of ${gold(d.amount)} on ${auction} was released${d.reason ? ` (${d.reason})` : ""}.`;
    case "auction_won": return `You won ${auction} for ${gold(price)}: ${square(d)} is yours.`;
    case "auction_lost":
      return `You lost ${auction}${d.winner != null || d.winnerId != null ? ` to ${app.playerName(d.winner ?? d.winnerId)}` : ""}`
        + `${d.amount != null ? `; your ${gold(d.amount)} is free again` : ""}.`;
    case "auction_sold":
      return `Your ${square(d)} sold at ${auction} for ${gold(price)}${d.buyerId != null ? ` to ${app.playerName(d.buyerId)}` : ""}`
        + `${d.fee ? `: you get ${d.proceeds ?? price - d.fee} after the ${d.fee} gold fee` : ""}.`;
    case "auction_unsold":
      return `${auction[0].toUpperCase()}${auction.slice(1)} ended without a sale (${d.reason === "reserve_not_met" ? "reserve not met" : "no bids"}); your land stays yours.`;
    case "auction_cancelled":
      return `${auction[0].toUpperCase()}${auction.slice(1)} was cancelled by an operator${d.reason ? ` (${d.reason})` : ""}`
        + `${d.amount != null ? `: your ${gold(d.amount)} is free again` : ""}.`;
    case "auction_closed": return `${auction[0].toUpperCase()}${auction.slice(1)} was closed without a sale; your land stays yours.`;
    case "listing_sold": case "land_sold": case "sold":
      return `Your ${square(d)} sold for ${gold(d.price ?? d.soldPrice ?? price)}${d.buyerId != null ? ` to ${app.playerName(d.buyerId)}` : ""}`
        + `${d.fee ? `: you get ${d.proceeds ?? (d.price ?? price) - d.fee} after the ${d.fee} gold fee` : ""}.`;
    case "listing_bought": case "land_bought": case "bought":
      return `You bought ${square(d)} for ${gold(d.soldPrice ?? price)}.`;
    case "listing_expired": return `Your listing of ${square(d)} expired; the land stays yours.`;
    case "listing_closed": return d.status === "expired" ? `Your listing of ${square(d)} expired; the land stays yours.` : null;
    case "upgrade_completed": return `Upgraded to level ${d.level} for ${gold(d.goldCost)}${d.resourceCost ? ` + ${d.resourceCost} ${d.resource}` : ""}.`;
    case "order_updated": case "order_filled": case "order_expired": {
      const left = d.remaining ?? 0;
      const what = `${d.side || "order"} ${d.quantity ?? ""} ${d.resource || ""}`.replace(/\s+/g, " ").trim();
      if (d.status === "filled" || event.type === "order_filled") return `Your ${what} at ${d.price} filled.`;
      if (d.status === "expired" || event.type === "order_expired") return `Your ${what} at ${d.price} expired${left ? ` with ${left} left` : ""}.`;
      if (d.status === "open" && d.quantity != null && left < d.quantity) return `Your ${what} at ${d.price}: ${d.quantity - left} filled, ${left} still open.`;
      return null;
    }
    case "resources_produced": case "production_paid": {
      const parts = RESOURCE_UNITS.filter((r) => d[r] > 0).map((r) => `+${d[r]} ${r}`);
      return parts.length ? `Your land produced ${parts.join(", ")}.` : null;
    }
    case "merge_completed": return `Merged ${square(d)} for ${gold(d.goldCost)}: +${d.bonusPercent} % output.`;
    default:
      return typeof d.message === "string" ? d.message : null;
  }
}
